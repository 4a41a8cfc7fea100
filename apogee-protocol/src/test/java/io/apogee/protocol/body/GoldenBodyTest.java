package io.apogee.protocol.body;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.golden.GoldenFrames;
import io.apogee.protocol.golden.GoldenIndex;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON body in the golden frames decodes into Apogee's typed bodies, and what Apogee writes
 * back parses with the official classes into the same objects as the captured bytes do.
 */
class GoldenBodyTest {

    private static final List<GoldenIndex.Entry> ENTRIES = GoldenIndex.parse(GoldenFrames.index());

    @Test
    void routeBodiesRoundTripThroughTheOfficialParser() {
        List<RemotingCommand> routes = responsesTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(routes).hasSizeGreaterThan(5);
        for (RemotingCommand frame : routes) {
            TopicRouteData route = TopicRouteData.decode(frame.body());
            assertThat(route.brokerDatas()).singleElement().satisfies(broker -> {
                assertThat(broker.masterAddr()).isEqualTo("127.0.0.1:10911");
                assertThat(broker.cluster()).isEqualTo("DefaultCluster");
            });
            assertThat(route.queueDatas()).singleElement().satisfies(queues -> assertThat(queues.isWritable()).isTrue());
            byte[] ours = route.encode();
            assertThat(new String(ours, StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}");
            assertThat(official(ours, org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class))
                    .isEqualTo(official(frame.body(), org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class));
        }
    }

    @Test
    void tbw102RouteHasTheCapturedQueues() {
        TopicRouteData route = TopicRouteData.decode(GoldenFrames.decode("0016").body());
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 8, 8, 7, 0));
        assertThat(route.filterServerTable()).isEmpty();
        assertThat(route.orderTopicConf()).isNull();
    }

    @Test
    void clusterInfoKeepsBareBrokerIdKeys() {
        List<RemotingCommand> infos = responsesTo(RequestCode.GET_BROKER_CLUSTER_INFO);
        assertThat(infos).hasSizeGreaterThan(3);
        for (RemotingCommand frame : infos) {
            ClusterInfo info = ClusterInfo.decode(frame.body());
            byte[] ours = info.encode();
            if (!info.brokerAddrTable().isEmpty()) {
                assertThat(info.brokerAddrTable().get("broker-a").brokerAddrs()).containsEntry(0L, "127.0.0.1:10911");
                assertThat(info.clusterAddrTable()).containsEntry("DefaultCluster", Set.of("broker-a"));
                assertThat(new String(ours, StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{0:\"127.0.0.1:10911\"}");
            }
            assertThat(official(ours, org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class))
                    .isEqualTo(official(frame.body(), org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class));
        }
    }

    @Test
    void heartbeatBodiesRoundTripThroughTheOfficialParser() {
        List<RemotingCommand> heartbeats = requests(RequestCode.HEART_BEAT);
        assertThat(heartbeats).hasSizeGreaterThan(10);
        for (RemotingCommand frame : heartbeats) {
            HeartbeatData heartbeat = HeartbeatData.decode(frame.body());
            assertThat(heartbeat.clientID()).startsWith("127.0.0.1@golden-");
            assertThat(heartbeat.producerDataSet()).contains(new ProducerData("CLIENT_INNER_PRODUCER"));
            assertThat(normalised(official(heartbeat.encode(), org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class)))
                    .isEqualTo(normalised(official(frame.body(), org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class)));
        }
    }

    @Test
    void consumerHeartbeatHasTypedEnumsAndSubscriptions() {
        HeartbeatData heartbeat = HeartbeatData.decode(GoldenFrames.decode("0049").body());
        ConsumerData consumer = heartbeat.consumerDataSet().iterator().next();
        assertThat(consumer.groupName()).isEqualTo("golden_consumer_group");
        assertThat(consumer.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(consumer.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(consumer.consumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        assertThat(consumer.subscriptionDataSet()).extracting(SubscriptionData::topic)
                .containsExactlyInAnyOrder("GoldenTopic", "%RETRY%golden_consumer_group");
        assertThat(consumer.subscriptionDataSet()).allSatisfy(s -> assertThat(s.matchesAll()).isTrue());
        assertThat(new String(heartbeat.encode(), StandardCharsets.UTF_8))
                .contains("\"consumeType\":\"CONSUME_PASSIVELY\"", "\"withoutSub\":false");
    }

    @Test
    void registerBrokerBodiesMatchTheOfficialParse() {
        List<RemotingCommand> registrations = requests(RequestCode.REGISTER_BROKER);
        assertThat(registrations).hasSizeGreaterThan(5);
        for (RemotingCommand frame : registrations) {
            RegisterBrokerBody body = RegisterBrokerBody.decode(frame.body());
            assertThat(body.topicConfigSerializeWrapper().topicConfigTable()).isNotEmpty();
            var ours = official(body.encode(), org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.class);
            var theirs = official(frame.body(), org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.class);
            assertThat(new TreeMap<>(ours.getTopicConfigSerializeWrapper().getTopicConfigTable()))
                    .isEqualTo(new TreeMap<>(theirs.getTopicConfigSerializeWrapper().getTopicConfigTable()));
            assertThat(ours.getTopicConfigSerializeWrapper().getDataVersion())
                    .isEqualTo(theirs.getTopicConfigSerializeWrapper().getDataVersion());
            assertThat(ours.getTopicConfigSerializeWrapper().getMappingDataVersion())
                    .isEqualTo(theirs.getTopicConfigSerializeWrapper().getMappingDataVersion());
            assertThat(ours.getFilterServerList()).isEqualTo(theirs.getFilterServerList());
        }
        TopicConfig tbw = RegisterBrokerBody.decode(GoldenFrames.decode("0001").body())
                .topicConfigSerializeWrapper().topicConfigTable().get("TBW102");
        assertThat(tbw).isEqualTo(TopicConfig.of("TBW102", 8, 8, 7));
    }

    @Test
    void lockUnlockTopicAndConsumerListBodiesDecode() {
        LockBatchRequestBody lock = JsonBody.decode(GoldenFrames.decode("0098").body(), LockBatchRequestBody.class);
        assertThat(lock.clientId()).isEqualTo("127.0.0.1@golden-orderly");
        assertThat(lock.mqSet()).contains(new MessageQueue("GoldenAdminTopic", "broker-a", 1));
        LockBatchResponseBody locked = JsonBody.decode(GoldenFrames.decode("0099").body(), LockBatchResponseBody.class);
        assertThat(locked.lockOKMQSet()).containsExactly(new MessageQueue("GoldenAdminTopic", "broker-a", 1));
        LockBatchRequestBody unlock = JsonBody.decode(GoldenFrames.decode("0237").body(), LockBatchRequestBody.class);
        assertThat(unlock.consumerGroup()).isEqualTo("golden_orderly_group");
        var officialUnlock = official(JsonBody.encode(unlock), org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody.class);
        assertThat(officialUnlock.getMqSet()).hasSize(unlock.mqSet().size());
        assertThat(JsonBody.decode(GoldenFrames.decode("0080").body(), ConsumerIdList.class).consumerIdList())
                .containsExactly("127.0.0.1@golden-consumer");
        assertThat(JsonBody.decode(GoldenFrames.decode("0006").body(), TopicList.class).topicList())
                .contains("TBW102", "RMQ_SYS_TRANS_HALF_TOPIC");
    }

    private static List<RemotingCommand> responsesTo(int requestCode) {
        // INDEX.md names the request in the file name of each response.
        String marker = "-" + RequestCode.name(requestCode) + "-response-" + ResponseCode.name(ResponseCode.SUCCESS);
        return frames(e -> e.file().contains(marker) && e.bodyLength() > 0);
    }

    private static List<RemotingCommand> requests(int code) {
        return frames(e -> (e.flag() & 1) == 0 && e.code() == code);
    }

    private static List<RemotingCommand> frames(java.util.function.Predicate<GoldenIndex.Entry> filter) {
        List<RemotingCommand> frames = new ArrayList<>();
        for (GoldenIndex.Entry entry : ENTRIES) {
            if (filter.test(entry)) {
                frames.add(GoldenFrames.decodeFile(entry.file()));
            }
        }
        return frames;
    }

    private static <T> T official(byte[] json, Class<T> type) {
        return RemotingSerializable.decode(json, type);
    }

    /** The official HeartbeatData has no equals; compare its content, independent of set order. */
    private static Map<String, Object> normalised(org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData data) {
        Map<String, Object> out = new TreeMap<>();
        out.put("clientID", data.getClientID());
        out.put("fingerprint", data.getHeartbeatFingerprint());
        out.put("withoutSub", data.isWithoutSub());
        out.put("producers", data.getProducerDataSet().stream().map(p -> p.getGroupName()).collect(Collectors.toSet()));
        for (var consumer : data.getConsumerDataSet()) {
            out.put("consumer:" + consumer.getGroupName(), List.of(String.valueOf(consumer.getConsumeType()),
                    String.valueOf(consumer.getMessageModel()), String.valueOf(consumer.getConsumeFromWhere()),
                    consumer.isUnitMode(), Set.copyOf(consumer.getSubscriptionDataSet())));
        }
        return out;
    }
}
