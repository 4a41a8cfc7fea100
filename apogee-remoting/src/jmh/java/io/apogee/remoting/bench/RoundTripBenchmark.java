package io.apogee.remoting.bench;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import io.netty.channel.ChannelHandlerContext;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Loopback request/response round trips with a 1 KiB body and 16 concurrent callers: Apogee's client
 * and server against the official 5.3.3 client and server, each pair with its default settings and
 * a 4-thread executor for the echo processor.
 *
 * <pre>
 * mvn -pl apogee-remoting -am test-compile exec:exec -Pjmh -Djmh.args="-f 1 -wi 3 -i 5 RoundTripBenchmark"
 * </pre>
 *
 * Throughput mode gives round trips per second; sample-time mode gives the latency percentiles (p0.99).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(16)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RoundTripBenchmark {

    private static final int ECHO = 1001;
    private static final int PROCESSOR_THREADS = 4;
    private static final long TIMEOUT_MILLIS = 5_000;

    @Param({"apogee", "official"})
    public String transport;

    private final byte[] body = new byte[1024];
    private RemotingServer apogeeServer;
    private RemotingClient apogeeClient;
    private NettyRemotingServer officialServer;
    private NettyRemotingClient officialClient;
    private ExecutorService officialExecutor;
    private String address;

    @Setup(Level.Trial)
    public void start() {
        if ("apogee".equals(transport)) {
            apogeeServer = new RemotingServer(new ServerConfig().bindAddress("127.0.0.1").port(0));
            apogeeServer.registerProcessor(ECHO, (context, request) ->
                    RemotingCommand.responseTo(request, 0, null).body(request.body()),
                    BoundedExecutor.create("echo", PROCESSOR_THREADS, 10_000));
            apogeeServer.start();
            apogeeClient = new RemotingClient(new ClientConfig());
            apogeeClient.start();
            address = "127.0.0.1:" + apogeeServer.port();
        } else {
            NettyServerConfig serverConfig = new NettyServerConfig();
            serverConfig.setBindAddress("127.0.0.1");
            serverConfig.setListenPort(0);
            officialServer = new NettyRemotingServer(serverConfig);
            officialExecutor = Executors.newFixedThreadPool(PROCESSOR_THREADS);
            officialServer.registerProcessor(ECHO, new OfficialEcho(), officialExecutor);
            officialServer.start();
            officialClient = new NettyRemotingClient(new NettyClientConfig());
            officialClient.start();
            address = "127.0.0.1:" + officialServer.localListenPort();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (apogeeClient != null) {
            apogeeClient.shutdown();
            apogeeServer.shutdown();
        }
        if (officialClient != null) {
            officialClient.shutdown();
            officialServer.shutdown();
            officialExecutor.shutdownNow();
        }
    }

    @Benchmark
    public Object roundTrip() throws Exception {
        if (apogeeClient != null) {
            RemotingCommand request = RemotingCommand.request(ECHO).putExtField("topic", "BenchTopic").body(body);
            return apogeeClient.invokeSync(address, request, TIMEOUT_MILLIS);
        }
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO, null);
        request.addExtField("topic", "BenchTopic");
        request.setBody(body);
        return officialClient.invokeSync(address, request, TIMEOUT_MILLIS);
    }

    /** The official side's echo, the same work as Apogee's. */
    static final class OfficialEcho implements NettyRequestProcessor {
        @Override
        public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(
                ChannelHandlerContext ctx, org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
            org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, null);
            response.setBody(request.getBody());
            return response;
        }

        @Override
        public boolean rejectRequest() {
            return false;
        }
    }
}
