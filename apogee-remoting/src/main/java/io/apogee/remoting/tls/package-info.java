/**
 * TLS for remoting connections, configured with RocketMQ's {@code tls.*} keys ({@link io.apogee.remoting.tls.TlsConfig}):
 * the Netty contexts built from PEM files ({@link io.apogee.remoting.tls.TlsContexts}), and the handlers a
 * pipeline gets ({@link io.apogee.remoting.tls.ChannelTls}): on a server, a detector that tells TLS from plain
 * text by the first byte (permissive) or refuses plain text (enforcing); on a client, a handshake before the
 * connection counts as open.
 */
package io.apogee.remoting.tls;
