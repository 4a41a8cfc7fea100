/**
 * The remoting server: where and how it listens, and requests it sends to connected clients.
 */
package io.apogee.remoting.server;
