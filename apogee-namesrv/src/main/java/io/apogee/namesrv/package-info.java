/**
 * The name server: its configuration, wiring and the processor of every request it serves.
 */
package io.apogee.namesrv;
