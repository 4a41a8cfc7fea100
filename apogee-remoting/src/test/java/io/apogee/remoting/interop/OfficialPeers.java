package io.apogee.remoting.interop;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** The official 5.3.3 transport as a test peer: an echoing server and plain clients, stopped together. */
final class OfficialPeers implements AutoCloseable {

    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();

    /**
     * A started official server on 127.0.0.1 whose processor for {@code code} echoes ext fields and
     * body, answers in the request's own serialize type, and remembers the channel it came on.
     */
    NettyRemotingServer echoServer(int code, AtomicReference<Channel> lastChannel) {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        config.setServerWorkerThreads(2);
        config.setServerSelectorThreads(1);
        config.setServerCallbackExecutorThreads(1);
        NettyRemotingServer server = new NettyRemotingServer(config);
        server.registerProcessor(code, new EchoProcessor(lastChannel), executor());
        server.start();
        servers.add(server);
        return server;
    }

    NettyRemotingClient client() {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientWorkerThreads(1);
        config.setClientCallbackExecutorThreads(1);
        NettyRemotingClient client = new NettyRemotingClient(config);
        client.start();
        clients.add(client);
        return client;
    }

    ExecutorService executor() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        executors.add(executor);
        return executor;
    }

    @Override
    public void close() {
        clients.forEach(NettyRemotingClient::shutdown);
        servers.forEach(NettyRemotingServer::shutdown);
        executors.forEach(ExecutorService::shutdownNow);
    }

    /** Echoes a request as the official side would answer it, in the request's serialize type. */
    static final class EchoProcessor implements NettyRequestProcessor {

        private final AtomicReference<Channel> lastChannel;

        EchoProcessor(AtomicReference<Channel> lastChannel) {
            this.lastChannel = lastChannel;
        }

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            if (lastChannel != null) {
                lastChannel.set(ctx.channel());
            }
            RemotingCommand response = RemotingCommand.createResponseCommand(0, null);
            response.setSerializeTypeCurrentRPC(request.getSerializeTypeCurrentRPC());
            if (request.getExtFields() != null) {
                request.getExtFields().forEach(response::addExtField);
            }
            response.setBody(request.getBody());
            return response;
        }

        @Override
        public boolean rejectRequest() {
            return false;
        }
    }
}
