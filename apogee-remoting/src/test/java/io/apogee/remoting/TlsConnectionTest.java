package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.tls.ChannelTls;
import io.apogee.remoting.tls.TestCertificates;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.remoting.tls.TlsContexts;
import io.apogee.remoting.tls.TlsMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.apogee.remoting.Peers.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Apogee's server and client over TLS, in each server mode, with and without client certificates. */
class TlsConnectionTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    private final Peers peers = new Peers();

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(dir);
    }

    @AfterEach
    void stop() {
        peers.close();
    }

    private static TlsConfig serverTls(TlsMode mode) {
        return TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, mode.text())
                .with(TlsConfig.TLS_SERVER_CERT_PATH, certs.server().cert().toString())
                .with(TlsConfig.TLS_SERVER_KEY_PATH, certs.server().key().toString());
    }

    private static TlsConfig requiringClientCertificates() {
        return serverTls(TlsMode.ENFORCING).with(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH, "require")
                .with(TlsConfig.TLS_SERVER_AUTH_CLIENT, "true")
                .with(TlsConfig.TLS_SERVER_TRUST_CERT_PATH, certs.caCert().toString());
    }

    /** A client that checks the server's certificate against {@code ca} and presents {@code identity}, if any. */
    private static TlsConfig clientTls(Path ca, TestCertificates.Pem identity) {
        TlsConfig config = TlsConfig.none().with(TlsConfig.TLS_CLIENT_AUTH_SERVER, "true")
                .with(TlsConfig.TLS_CLIENT_TRUST_CERT_PATH, ca.toString());
        return identity == null ? config : config.with(TlsConfig.TLS_CLIENT_CERT_PATH, identity.cert().toString())
                .with(TlsConfig.TLS_CLIENT_KEY_PATH, identity.key().toString());
    }

    private RemotingServer server(TlsConfig tls) {
        RemotingServer server = peers.server(Peers.serverConfig().tls(TlsContexts.server(tls)));
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 2, 100));
        server.start();
        return server;
    }

    private RemotingClient client(TlsConfig tls) {
        RemotingClient client = peers.client(new ClientConfig().tls(tls == null ? null : TlsContexts.client(tls, true)));
        client.start();
        return client;
    }

    private static RemotingCommand echo(RemotingClient client, RemotingServer server) throws Exception {
        return client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO).body(new byte[] {4, 2}), 5_000);
    }

    @Test
    void permissiveServerAnswersTlsAndPlainClientsOnOnePort() throws Exception {
        RemotingServer server = server(serverTls(TlsMode.PERMISSIVE));

        RemotingCommand overTls = echo(client(clientTls(certs.caCert(), null)), server);
        RemotingCommand plain = echo(client(null), server);

        assertThat(overTls.body()).containsExactly(4, 2);
        assertThat(plain.body()).containsExactly(4, 2);
        assertThat(server.tls().tlsConnections()).isEqualTo(1);
        assertThat(server.tls().plainConnections()).isEqualTo(1);
        assertThat(server.connections()).anySatisfy(c -> assertThat(c.channel().pipeline().get(ChannelTls.SSL_HANDLER)).isNotNull())
                .anySatisfy(c -> assertThat(c.channel().pipeline().get(ChannelTls.SSL_HANDLER)).isNull());
    }

    @Test
    void enforcingServerClosesPlainTextAndServesTls() throws Exception {
        RemotingServer server = server(serverTls(TlsMode.ENFORCING));

        assertThatThrownBy(() -> echo(client(null), server)).isInstanceOf(RemotingException.class);
        RemotingCommand overTls = echo(client(clientTls(certs.caCert(), null)), server);

        assertThat(overTls.body()).containsExactly(4, 2);
        assertThat(server.tls().refusedPlainConnections()).isEqualTo(1);
        assertThat(server.tls().plainConnections()).isZero();
        await().until(() -> server.connections().size() == 1);
    }

    @Test
    void requiredClientCertificateMustBeSignedByTheTrustedCa() throws Exception {
        RemotingServer server = server(requiringClientCertificates());

        RemotingCommand trusted = echo(client(clientTls(certs.caCert(), certs.trustedClient())), server);
        assertThat(trusted.body()).containsExactly(4, 2);

        assertThatThrownBy(() -> echo(client(clientTls(certs.caCert(), certs.untrustedClient())), server))
                .isInstanceOf(RemotingException.class);
        assertThatThrownBy(() -> echo(client(clientTls(certs.caCert(), null)), server))
                .isInstanceOf(RemotingException.class);
        await().until(() -> server.tls().failedHandshakes() == 2);
        await().until(() -> server.connections().size() == 1);
    }

    @Test
    void clientRefusesServerWhoseCertificateItsCaDidNotSign() throws Exception {
        RemotingServer server = server(serverTls(TlsMode.ENFORCING));
        RemotingClient client = client(clientTls(dir.resolve("rogue-ca.pem"), null));

        assertThatThrownBy(() -> client.connect(Peers.address(server))).isInstanceOf(RemotingConnectException.class)
                .hasStackTraceContaining("PKIX");
    }
}
