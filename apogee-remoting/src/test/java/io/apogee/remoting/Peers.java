package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;

import java.util.ArrayList;
import java.util.List;

/** Starts Apogee servers and clients on 127.0.0.1 for one test and stops them all afterwards. */
final class Peers implements AutoCloseable {

    static final int SUCCESS = 0;
    static final int SYSTEM_ERROR = 1;
    static final int SYSTEM_BUSY = 2;
    static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    /** A request code the tests' echo processor serves. */
    static final int ECHO = 1001;

    private final List<RemotingServer> servers = new ArrayList<>();
    private final List<RemotingClient> clients = new ArrayList<>();

    static ServerConfig serverConfig() {
        return new ServerConfig().bindAddress("127.0.0.1").port(0).shutdownGraceMillis(2_000);
    }

    RemotingServer server(ServerConfig config) {
        RemotingServer server = new RemotingServer(config);
        servers.add(server);
        return server;
    }

    /** A started server whose ECHO processor answers SUCCESS with the request's body and ext fields. */
    RemotingServer echoServer() {
        RemotingServer server = server(serverConfig());
        server.registerProcessor(ECHO, (context, request) -> echo(request), BoundedExecutor.create("echo", 2, 1000));
        server.start();
        return server;
    }

    RemotingClient client(ClientConfig config) {
        RemotingClient client = new RemotingClient(config);
        clients.add(client);
        return client;
    }

    RemotingClient startedClient() {
        RemotingClient client = client(new ClientConfig());
        client.start();
        return client;
    }

    static RemotingCommand echo(RemotingCommand request) {
        RemotingCommand response = RemotingCommand.responseTo(request, SUCCESS, null).body(request.body());
        if (request.extFields() != null) {
            request.extFields().forEach(response::putExtField);
        }
        return response;
    }

    static String address(RemotingServer server) {
        return "127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        clients.forEach(RemotingClient::shutdown);
        servers.forEach(RemotingServer::shutdown);
    }
}
