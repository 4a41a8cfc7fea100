/**
 * This host's addresses as a server announces them: which address clients can reach when a server
 * listens on every interface.
 */
package io.apogee.common.net;
