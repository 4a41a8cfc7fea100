package io.apogee.remoting.interop;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import io.netty.channel.Channel;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apogee's transport and the official 5.3.3 transport talk to each other in both directions, with
 * both header types, including requests a server sends over the connection its client opened.
 * The official side picks the header type per command, so no system property is needed.
 */
class OfficialTransportInteropTest {

    private static final int ECHO = 1001;
    private static final int PUSH = 1002;
    private static final int UNKNOWN = 4242;
    private static final int SUCCESS = 0;
    private static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    private static final byte[] BODY = "body \u00e9\u4e2d".getBytes(StandardCharsets.UTF_8);

    // One peer of each kind for the whole class: the official transport takes seconds to shut down.
    private static final OfficialPeers OFFICIAL = new OfficialPeers();
    private static final AtomicReference<Connection> LAST_APOGEE_SERVER_CONNECTION = new AtomicReference<>();
    private static final AtomicReference<Channel> LAST_OFFICIAL_SERVER_CHANNEL = new AtomicReference<>();
    private static final AtomicReference<Channel> PUSHED_TO_OFFICIAL_CLIENT = new AtomicReference<>();
    private static final BlockingQueue<RemotingCommand> SERVED_BY_APOGEE_CLIENT = new LinkedBlockingQueue<>();
    private static RemotingServer apogeeServer;
    private static RemotingClient apogeeClient;
    private static NettyRemotingServer officialServer;
    private static NettyRemotingClient officialClient;

    @BeforeAll
    static void start() {
        apogeeServer = new RemotingServer(new ServerConfig().bindAddress("127.0.0.1").port(0));
        apogeeServer.registerProcessor(ECHO, (context, request) -> {
            LAST_APOGEE_SERVER_CONNECTION.set(context.connection());
            RemotingCommand response = RemotingCommand.responseTo(request, SUCCESS, null).body(request.body());
            request.extFields().forEach(response::putExtField);
            return response;
        }, BoundedExecutor.create("echo", 2, 100));
        apogeeServer.start();

        apogeeClient = new RemotingClient(new ClientConfig());
        apogeeClient.registerProcessor(PUSH, (context, request) -> {
            SERVED_BY_APOGEE_CLIENT.add(request);
            return request.isOneway() ? null
                    : RemotingCommand.responseTo(request, SUCCESS, "handled by apogee").body(request.body());
        }, BoundedExecutor.create("push", 1, 16));
        apogeeClient.start();

        officialServer = OFFICIAL.echoServer(ECHO, LAST_OFFICIAL_SERVER_CHANNEL);
        officialClient = OFFICIAL.client();
        officialClient.registerProcessor(PUSH, new OfficialPeers.EchoProcessor(PUSHED_TO_OFFICIAL_CLIENT), OFFICIAL.executor());
    }

    @AfterAll
    static void stop() {
        apogeeClient.shutdown();
        apogeeServer.shutdown();
        OFFICIAL.close();
    }

    @BeforeEach
    void forgetPreviousTest() {
        SERVED_BY_APOGEE_CLIENT.clear();
        PUSHED_TO_OFFICIAL_CLIENT.set(null);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialClientIsAnsweredByApogeeServer(SerializeType type) throws Exception {
        NettyRemotingClient client = officialClient;

        org.apache.rocketmq.remoting.protocol.RemotingCommand request = officialRequest(ECHO, type);
        org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                client.invokeSync(apogeeAddress(), request, 3000);

        assertThat(response.getCode()).isEqualTo(SUCCESS);
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
        assertThat(response.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
        assertThat(response.getExtFields()).containsEntry("topic", "T\u00f3pico").containsEntry("queueId", "3");
        assertThat(response.getBody()).isEqualTo(BODY);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialClientGetsRequestCodeNotSupportedFromApogeeServer(SerializeType type) throws Exception {
        NettyRemotingClient client = officialClient;

        org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                client.invokeSync(apogeeAddress(), officialRequest(UNKNOWN, type), 3000);

        assertThat(response.getCode()).isEqualTo(REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.getRemark()).contains(String.valueOf(UNKNOWN));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void apogeeClientIsAnsweredByOfficialServer(SerializeType type) throws Exception {
        NettyRemotingServer server = officialServer;

        RemotingCommand request = apogeeRequest(ECHO, type);
        RemotingCommand response = apogeeClient.invokeSync("127.0.0.1:" + server.localListenPort(), request, 3000);

        assertThat(response.code()).isEqualTo(SUCCESS);
        assertThat(response.opaque()).isEqualTo(request.opaque());
        assertThat(response.serializeType()).isEqualTo(type);
        assertThat(response.extField("topic")).isEqualTo("T\u00f3pico");
        assertThat(response.body()).isEqualTo(BODY);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void apogeeServerSendsRequestsToOfficialClientOverItsConnection(SerializeType type) throws Exception {
        officialClient.invokeSync(apogeeAddress(), officialRequest(ECHO, type), 3000);
        AtomicReference<Connection> clientConnection = LAST_APOGEE_SERVER_CONNECTION;

        RemotingCommand push = apogeeRequest(PUSH, type);
        RemotingCommand answer = clientConnection.get().invokeSync(push, 3000);

        assertThat(answer.code()).isEqualTo(SUCCESS);
        assertThat(answer.opaque()).isEqualTo(push.opaque());
        assertThat(answer.extField("queueId")).isEqualTo("3");
        assertThat(answer.body()).isEqualTo(BODY);
        assertThat(PUSHED_TO_OFFICIAL_CLIENT.get()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialServerSendsRequestsToApogeeClientOverItsConnection(SerializeType type) throws Exception {
        NettyRemotingServer server = officialServer;
        AtomicReference<Channel> clientChannel = LAST_OFFICIAL_SERVER_CHANNEL;
        apogeeClient.invokeSync("127.0.0.1:" + server.localListenPort(), apogeeRequest(ECHO, type), 3000);

        org.apache.rocketmq.remoting.protocol.RemotingCommand push = officialRequest(PUSH, type);
        org.apache.rocketmq.remoting.protocol.RemotingCommand answer =
                server.invokeSync(clientChannel.get(), push, 3000);

        assertThat(answer.getCode()).isEqualTo(SUCCESS);
        assertThat(answer.getRemark()).isEqualTo("handled by apogee");
        assertThat(answer.getBody()).isEqualTo(BODY);
        assertThat(answer.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
        assertThat(SERVED_BY_APOGEE_CLIENT.poll(1, TimeUnit.SECONDS).extField("topic")).isEqualTo("T\u00f3pico");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void officialServerOnewayRequestReachesApogeeClientProcessor(SerializeType type) throws Exception {
        NettyRemotingServer server = officialServer;
        AtomicReference<Channel> clientChannel = LAST_OFFICIAL_SERVER_CHANNEL;
        apogeeClient.invokeSync("127.0.0.1:" + server.localListenPort(), apogeeRequest(ECHO, type), 3000);

        server.invokeOneway(clientChannel.get(), officialRequest(PUSH, type), 3000);

        RemotingCommand served = SERVED_BY_APOGEE_CLIENT.poll(5, TimeUnit.SECONDS);
        assertThat(served).isNotNull();
        assertThat(served.isOneway()).isTrue();
        assertThat(served.serializeType()).isEqualTo(type);
    }

    private static String apogeeAddress() {
        return "127.0.0.1:" + apogeeServer.port();
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand officialRequest(int code, SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, null);
        request.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name()));
        HashMap<String, String> fields = new HashMap<>();
        fields.put("topic", "T\u00f3pico");
        fields.put("queueId", "3");
        request.setExtFields(fields);
        request.setBody(BODY);
        return request;
    }

    private static RemotingCommand apogeeRequest(int code, SerializeType type) {
        return RemotingCommand.request(code).serializeType(type)
                .putExtField("topic", "T\u00f3pico").putExtField("queueId", "3").body(BODY);
    }
}
