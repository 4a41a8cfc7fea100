package io.apogee.it;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.TypeReference;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.apogee.it.OfficialClients.startedProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offsets as a whole through the official client's API: every committed offset (GET_ALL_CONSUMER_OFFSET,
 * as a slave or an export reads it), each delay level's progress (GET_ALL_DELAY_OFFSET) and the lowest offset a topic's groups still need per queue
 * (QUERY_CORRECTION_OFFSET).
 */
class OfficialOffsetAdminTest extends AdminClusterTest {

    private static final String TOPIC = "OffsetAdminTopic";

    @BeforeEach
    void start() throws Exception {
        createTopic(TOPIC, 2);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "offset_admin_producer",
                "offset-admin-producer"), DefaultMQProducer::shutdown);
        for (int i = 0; i < 10; i++) {
            producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)), new MessageQueue(TOPIC,
                    "broker-a", i % 2));
        }
        commit("fast_group", 0, 5);
        commit("fast_group", 1, 4);
        commit("slow_group", 0, 2);
        commit("slow_group", 1, 4);
        commit("stuck_group", 0, 1);
    }

    private void commit(String group, int queueId, long offset) throws Exception {
        admin.updateConsumeOffset(broker, group, new MessageQueue(TOPIC, "broker-a", queueId), offset);
    }

    private MQClientAPIImpl api() {
        return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl();
    }

    @Test
    void listsEveryCommittedOffset() throws Exception {
        RemotingCommand response = api().getRemotingClient().invokeSync(broker,
                RemotingCommand.createRequestCommand(RequestCode.GET_ALL_CONSUMER_OFFSET, null), 5_000);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
        ConsumerOffsetSerializeWrapper all = RemotingSerializable.decode(response.getBody(),
                ConsumerOffsetSerializeWrapper.class);
        assertThat(all.getOffsetTable()).containsOnlyKeys(TOPIC + "@fast_group", TOPIC + "@slow_group",
                TOPIC + "@stuck_group");
        assertThat(all.getOffsetTable().get(TOPIC + "@slow_group")).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2L, 1, 4L));
    }

    @Test
    void listsEachDelayLevelsDeliveryProgress() throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_ALL_DELAY_OFFSET, null);
        assertThat(api().getRemotingClient().invokeSync(broker, request, 5_000).getRemark())
                .as("nothing delayed yet").isEqualTo("No delay offset in this broker");

        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "delay_offset_producer",
                "delay-offset-producer"), DefaultMQProducer::shutdown);
        for (int i = 0; i < 2; i++) {
            Message delayed = new Message(TOPIC, ("d" + i).getBytes(StandardCharsets.UTF_8));
            delayed.setDelayTimeLevel(1);
            producer.send(delayed);
        }
        // Level 1 (1 s) delivers both; its queue is SCHEDULE_TOPIC_XXXX queue 0, next offset 2.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            RemotingCommand response = api().getRemotingClient().invokeSync(broker,
                    RemotingCommand.createRequestCommand(RequestCode.GET_ALL_DELAY_OFFSET, null), 5_000);
            assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
            String body = new String(response.getBody(), StandardCharsets.UTF_8);
            Map<Integer, Long> table = JSON.parseObject(body).getObject("offsetTable",
                    new TypeReference<Map<Integer, Long>>() { });
            assertThat(table).as(body).containsEntry(1, 2L);
        });
    }

    @Test
    void correctionOffsetIsTheLowestOtherGroupsNeedOrMaxWhereTheComparedGroupIsBehind() throws Exception {
        Map<Integer, Long> all = api().queryCorrectionOffset(broker, TOPIC, "fast_group", Set.of(), 5_000);
        // Queue 0: the lowest is stuck_group's 1, below fast_group's 5. Queue 1: 4, not above fast_group's 4.
        assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of(0, 1L, 1, 4L));

        Map<Integer, Long> withoutStuck = api().queryCorrectionOffset(broker, TOPIC, "fast_group",
                Set.of("stuck_group"), 5_000);
        assertThat(withoutStuck).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2L, 1, 4L));

        Map<Integer, Long> forSlow = api().queryCorrectionOffset(broker, TOPIC, "slow_group",
                Set.of("stuck_group"), 5_000);
        // slow_group is the lowest itself on queue 0 (2) and level on queue 1 (4).
        assertThat(forSlow).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2L, 1, 4L));

        Map<Integer, Long> forStuck = api().queryCorrectionOffset(broker, TOPIC, "stuck_group",
                Set.of("stuck_group"), 5_000);
        // Every other group is past stuck_group's 1 on queue 0; it never committed on queue 1.
        assertThat(forStuck).containsExactlyInAnyOrderEntriesOf(Map.of(0, Long.MAX_VALUE, 1, 4L));
        // Apogee leaves filtered groups' offsets alone (5.3.3 deletes them while answering).
        assertThat(api().queryConsumerOffset(broker, queryHeader("stuck_group", 0), 5_000)).isEqualTo(1L);
    }

    private static QueryConsumerOffsetRequestHeader queryHeader(String group, int queueId) {
        QueryConsumerOffsetRequestHeader header = new QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(TOPIC);
        header.setQueueId(queueId);
        return header;
    }
}
