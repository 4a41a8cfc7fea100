package io.apogee.client;

import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ConsumerIdList;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.OffsetResponseHeader;
import io.apogee.protocol.header.SendMessageResponseHeader;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A name server and broker in one, on a loopback ephemeral port, that records every request a
 * client sends and answers just enough for a client to run: every topic routes to this server as
 * broker {@value #BROKER_NAME} with four queues; heartbeats, unregistrations and offset commits
 * succeed; offsets are 0; pulls are held unanswered. Lets tests observe what a client's scheduled
 * tasks send, and when.
 */
public final class RecordingServer implements AutoCloseable {

    public static final String BROKER_NAME = "recording-broker";

    private final RemotingServer server;
    private final ConcurrentLinkedQueue<RemotingCommand> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong sends = new AtomicLong();
    private volatile SendMode sendMode = SendMode.ANSWER;

    /** How the server treats sends. */
    public enum SendMode {
        /** Store nothing but answer SUCCESS. */
        ANSWER,
        /** Close the connection mid-request. */
        CLOSE,
        /** Never answer. */
        HOLD
    }
    private volatile String routedBrokerName = BROKER_NAME;
    private volatile Map<Long, String> routedBrokerAddrs;

    public RecordingServer() {
        server = new RemotingServer(new ServerConfig().bindAddress("127.0.0.1").port(0).shutdownGraceMillis(0));
        server.registerDefaultProcessor((context, request) -> answer(context, request),
                BoundedExecutor.create("recording-server", 2, 10_000));
        server.start();
        routedBrokerAddrs = Map.of(BrokerData.MASTER_ID, address());
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    /** Makes routes name another broker address from now on (e.g. a broker that went away). */
    public void routeTo(String brokerAddress) {
        routeTo(BROKER_NAME, Map.of(BrokerData.MASTER_ID, brokerAddress));
    }

    /** Makes routes name broker {@code brokerName} with these members (broker id to address) from now on. */
    public void routeTo(String brokerName, Map<Long, String> members) {
        routedBrokerAddrs = Map.copyOf(members);
        routedBrokerName = brokerName;
    }

    public void sendMode(SendMode mode) {
        sendMode = mode;
    }

    public long count(int code) {
        return requests.stream().filter(r -> r.code() == code).count();
    }

    public List<RemotingCommand> requests(int code) {
        return requests.stream().filter(r -> r.code() == code).toList();
    }

    /** The producer and consumer groups named in the heartbeats received so far. */
    public Set<String> heartbeatGroups() {
        Set<String> groups = new TreeSet<>();
        for (RemotingCommand r : requests(RequestCode.HEART_BEAT)) {
            HeartbeatData data = HeartbeatData.decode(r.body());
            data.producerDataSet().forEach(p -> groups.add(p.groupName()));
            data.consumerDataSet().forEach(c -> groups.add(c.groupName()));
        }
        return groups;
    }

    public int connectionCount() {
        return server.connections().size();
    }

    private RemotingCommand answer(RequestContext context, RemotingCommand request) {
        requests.add(request);
        boolean send = request.code() == RequestCode.SEND_MESSAGE_V2 || request.code() == RequestCode.SEND_BATCH_MESSAGE;
        if (send && sendMode == SendMode.CLOSE) {
            context.connection().close();
            return null;
        }
        if (send && sendMode == SendMode.HOLD) {
            return null;
        }
        if (request.isOneway()) {
            return null;
        }
        RemotingCommand ok = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> ok.body(route().encode());
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> ok.body(JsonBody.encode(new ConsumerIdList(consumerIds())));
            case RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET ->
                    new OffsetResponseHeader(0).applyTo(ok);
            case RequestCode.PULL_MESSAGE -> null;
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE -> new SendMessageResponseHeader(
                    "00000000000000000000000000000000", Integer.parseInt(request.extField("e")), sends.getAndIncrement(),
                    null, null, null, "DefaultRegion", false).applyTo(ok);
            default -> ok;
        };
    }

    private TopicRouteData route() {
        String name = routedBrokerName;
        Map<Long, String> addrs = new HashMap<>(routedBrokerAddrs);
        return TopicRouteData.of(List.of(new QueueData(name, 4, 4, 6, 0)),
                List.of(new BrokerData("recording-cluster", name, addrs, false, null)));
    }

    private List<String> consumerIds() {
        Set<String> ids = new TreeSet<>();
        for (RemotingCommand r : requests(RequestCode.HEART_BEAT)) {
            HeartbeatData data = HeartbeatData.decode(r.body());
            if (!data.consumerDataSet().isEmpty()) {
                ids.add(data.clientID());
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
