package io.apogee.remoting;

import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of asynchronous requests issued before the connection is open: every one is answered, and they
 * reach the server in the order issued.
 */
class ConnectingBurstTest {

    private static final int BURST = 5_000;

    private final Peers peers = new Peers();

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void everyRequestIssuedWhileConnectingIsAnsweredInIssueOrder() throws Exception {
        List<Integer> arrived = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        // One thread, so the server handles the requests in the order they arrived.
        server.registerProcessor(Peers.ECHO, (context, request) -> {
            arrived.add(Integer.parseInt(request.extFields().get("n")));
            return Peers.echo(request);
        }, BoundedExecutor.create("echo", 1, BURST * 2));
        server.start();
        RemotingClient client = peers.startedClient();

        List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(client.invokeAsync(Peers.address(server), RemotingCommand.request(Peers.ECHO)
                    .putExtField("n", Integer.toString(i)), 60_000));
        }
        for (CompletableFuture<RemotingCommand> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            expected.add(i);
        }
        assertThat(arrived).isEqualTo(expected);
    }
}
