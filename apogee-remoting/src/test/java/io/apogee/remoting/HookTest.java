package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.apogee.remoting.Peers.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Hooks see requests and responses on both sides and can reject a request. */
class HookTest {

    private static final int FORBIDDEN = 4001;

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    /** Records each call as "side:before:code" or "side:after:requestCode:responseCode". */
    private static RpcHook recorder(String side, List<String> log) {
        return new RpcHook() {
            @Override
            public void beforeRequest(String remoteAddress, RemotingCommand request) {
                assertThat(remoteAddress).startsWith("127.0.0.1:");
                log.add(side + ":before:" + request.code());
                if (request.code() == FORBIDDEN) {
                    throw new SecurityException("no permission for " + FORBIDDEN);
                }
            }

            @Override
            public void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {
                log.add(side + ":after:" + request.code() + ":" + (response == null ? "none" : response.code()));
            }
        };
    }

    @Test
    void hooksSeeEveryRequestAndResponseOnBothSides() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 1, 10));
        server.addHook(recorder("server", log));
        server.start();
        RemotingClient client = peers.startedClient();
        client.addHook(recorder("client", log));

        client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO), 3000);

        assertThat(log).containsExactly("client:before:" + ECHO, "server:before:" + ECHO,
                "server:after:" + ECHO + ":0", "client:after:" + ECHO + ":0");
    }

    @Test
    void onewayRequestsReachTheServerHookWithoutResponse() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, (context, request) -> null, BoundedExecutor.create("echo", 1, 10));
        server.addHook(recorder("server", log));
        server.start();
        RemotingClient client = peers.startedClient();

        client.invokeOneway(Peers.address(server), RemotingCommand.request(ECHO), 3000);

        await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 2);
        assertThat(log).containsExactly("server:before:" + ECHO, "server:after:" + ECHO + ":none");
    }

    @Test
    void serverHookRejectingARequestAnswersSystemErrorWithoutRunningTheProcessor() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        List<RemotingCommand> processed = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(FORBIDDEN, (context, request) -> {
            processed.add(request);
            return Peers.echo(request);
        }, BoundedExecutor.create("forbidden", 1, 10));
        server.addHook(recorder("server", log));
        server.start();
        RemotingClient client = peers.startedClient();

        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(FORBIDDEN), 3000);

        assertThat(response.code()).isEqualTo(Peers.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("no permission for " + FORBIDDEN);
        assertThat(processed).isEmpty();
    }

    @Test
    void clientHookRejectingARequestFailsTheCallBeforeSending() {
        List<String> log = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();
        client.addHook(recorder("client", log));

        assertThatThrownBy(() -> client.invokeSync(Peers.address(server), RemotingCommand.request(FORBIDDEN), 3000))
                .isInstanceOf(RemotingSendException.class)
                .hasRootCauseInstanceOf(SecurityException.class);
        assertThat(log).containsExactly("client:before:" + FORBIDDEN);
    }
}
