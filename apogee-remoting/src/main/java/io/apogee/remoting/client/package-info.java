/**
 * The remoting client: one connection per address, opened on first use.
 */
package io.apogee.remoting.client;
