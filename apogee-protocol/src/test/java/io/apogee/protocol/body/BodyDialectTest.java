package io.apogee.protocol.body;

import com.alibaba.fastjson.JSON;
import io.apogee.protocol.ProtocolException;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin bodies keyed by queue objects, written by Apogee and read by the official classes,
 * and written by the official classes and read by Apogee.
 */
class BodyDialectTest {

    private static final MessageQueue Q0 = new MessageQueue("TopicA", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("TopicA", "broker-a", 1);

    @Test
    void resetOffsetBodyUsesObjectKeysBothWays() {
        ResetOffsetBody ours = new ResetOffsetBody(Map.of(Q0, 5L, Q1, 9L));
        String json = new String(JsonBody.encode(ours), StandardCharsets.UTF_8);
        assertThat(json).contains("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicA\"}:5");
        var official = RemotingSerializable.decode(json.getBytes(StandardCharsets.UTF_8),
                org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
        assertThat(official.getOffsetTable())
                .containsEntry(new org.apache.rocketmq.common.message.MessageQueue("TopicA", "broker-a", 1), 9L)
                .hasSize(2);
        byte[] officialJson = RemotingSerializable.encode(official);
        assertThat(JsonBody.decode(officialJson, ResetOffsetBody.class)).isEqualTo(ours);
    }

    @Test
    void consumeStatsAndTopicStatsCrossTheOfficialClasses() {
        ConsumeStats stats = new ConsumeStats(Map.of(Q0, new OffsetWrapper(10, 7, 8, 1795466629744L)), 2.5);
        var official = RemotingSerializable.decode(JsonBody.encode(stats),
                org.apache.rocketmq.remoting.protocol.admin.ConsumeStats.class);
        assertThat(official.getConsumeTps()).isEqualTo(2.5);
        assertThat(official.computeTotalDiff()).isEqualTo(3);
        assertThat(JsonBody.decode(RemotingSerializable.encode(official), ConsumeStats.class)).isEqualTo(stats);

        TopicStatsTable topicStats = new TopicStatsTable(Map.of(Q1, new TopicOffset(0, 42, 1795466629744L)), 0);
        var officialTopic = RemotingSerializable.decode(JsonBody.encode(topicStats),
                org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable.class);
        assertThat(officialTopic.getOffsetTable().values()).singleElement()
                .satisfies(offset -> assertThat(offset.getMaxOffset()).isEqualTo(42));
        assertThat(JsonBody.decode(RemotingSerializable.encode(officialTopic), TopicStatsTable.class)).isEqualTo(topicStats);
    }

    @Test
    void kvTableTopicListAndRouteReadWhatFastjsonOneWrites() {
        KvTable table = new KvTable(Map.of("GoldenTopic", "broker-a:4"));
        var officialTable = new org.apache.rocketmq.remoting.protocol.body.KVTable();
        officialTable.setTable(new java.util.HashMap<>(table.table()));
        assertThat(JsonBody.decode(JSON.toJSONBytes(officialTable), KvTable.class)).isEqualTo(table);
        TopicList topics = new TopicList(Set.of("A", "B"), null);
        var official = RemotingSerializable.decode(JsonBody.encode(topics),
                org.apache.rocketmq.remoting.protocol.body.TopicList.class);
        assertThat(official.getTopicList()).containsExactlyInAnyOrder("A", "B");
        String bare = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"h:1\",1:\"h:2\"},\"brokerName\":\"b\","
                + "\"cluster\":\"c\"}],\"queueDatas\":[]}";
        TopicRouteData route = TopicRouteData.decode(bare.getBytes(StandardCharsets.UTF_8));
        assertThat(route.brokerDatas().get(0).brokerAddrs()).containsEntry(1L, "h:2");
    }

    @Test
    void brokenBodiesAreProtocolErrors() {
        assertThatThrownBy(() -> HeartbeatData.decode(new byte[0])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> HeartbeatData.decode("{\"clientID\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("HeartbeatData");
        assertThatThrownBy(() -> TopicRouteData.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
    }
}
