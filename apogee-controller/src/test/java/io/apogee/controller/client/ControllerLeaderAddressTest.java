package io.apogee.controller.client;

import io.apogee.controller.ControllerCodes;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which address a broker calls the leader at: a configured one that says it leads (so a broker that reaches the
 * controllers through addresses of its own keeps using them), else the address the leader announced.
 */
class ControllerLeaderAddressTest {

    private final List<RemotingServer> servers = new ArrayList<>();
    private final RemotingClient remoting = new RemotingClient(new ClientConfig());

    @AfterEach
    void stop() {
        remoting.shutdown();
        servers.forEach(RemotingServer::shutdown);
    }

    /** A controller port that answers only its metadata: whether it leads, and the leader's announced address. */
    private String controller(boolean leads, String announcedLeader) {
        RemotingServer server = new RemotingServer(new ServerConfig().name("controller").bindAddress("127.0.0.1")
                .port(0));
        server.registerProcessor(ControllerCodes.CONTROLLER_GET_METADATA_INFO, (context, request) -> {
            RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            Map<String, String> fields = HeaderFields.writable(response);
            HeaderFields.put(fields, "isLeader", leads);
            HeaderFields.put(fields, "controllerLeaderAddress", announcedLeader);
            return response;
        }, BoundedExecutor.create("metadata", 1, 16));
        server.start();
        servers.add(server);
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    @Test
    void theConfiguredAddressThatLeadsWinsOverTheAnnouncedOne() {
        remoting.start();
        // The announced address is one this broker cannot use (here: nothing listens there).
        String follower = controller(false, "127.0.0.1:1");
        String leader = controller(true, "127.0.0.1:1");

        ControllerClient client = new ControllerClient(remoting, List.of(follower, leader), 2_000);

        assertThat(client.leader()).isEqualTo(leader);
    }

    @Test
    void theAnnouncedAddressIsUsedWhenNoConfiguredAddressLeads() {
        remoting.start();
        String follower = controller(false, "10.0.0.7:9878");

        ControllerClient client = new ControllerClient(remoting, List.of(follower), 2_000);

        assertThat(client.leader()).isEqualTo("10.0.0.7:9878");
    }
}
