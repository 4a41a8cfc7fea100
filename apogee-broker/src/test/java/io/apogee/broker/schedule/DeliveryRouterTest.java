package io.apogee.broker.schedule;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.store.AppendRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRouterTest {

    private static final long NOW = 1_000_000L;
    private final DeliveryRouter router = new DeliveryRouter(DelayLevels.parse(DelayLevels.DEFAULT), 3_600, () -> NOW);

    private static AppendRequest append(String topic, int queueId) {
        AppendRequest append = new AppendRequest().reset();
        append.topic = topic;
        append.queueId = queueId;
        return append;
    }

    private static Map<String, String> stored(AppendRequest append) {
        return MessageProperties.decode(StandardCharsets.UTF_8.decode(append.properties.duplicate()).toString());
    }

    private static String properties(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return MessageProperties.encode(map);
    }

    @Test
    void aDelayLevelGoesToItsScheduleQueueRememberingTheRealTopicAndQueue() {
        AppendRequest append = append("Orders", 5);
        assertThat(router.route(append, properties("TAGS", "a", MessageConst.PROPERTY_DELAY_TIME_LEVEL, "3"))).isNull();
        assertThat(append.topic).isEqualTo(DeliveryRouter.SCHEDULE_TOPIC);
        assertThat(append.queueId).isEqualTo(2);
        assertThat(stored(append)).containsEntry(MessageConst.PROPERTY_REAL_TOPIC, "Orders")
                .containsEntry(MessageConst.PROPERTY_REAL_QUEUE_ID, "5").containsEntry("TAGS", "a");
    }

    @Test
    void aTooHighLevelIsCappedAndLevelZeroIsNotDelayed() {
        AppendRequest high = append("Orders", 0);
        router.route(high, properties(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "40"));
        assertThat(high.queueId).isEqualTo(17);
        assertThat(stored(high)).containsEntry(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "18");

        AppendRequest zero = append("Orders", 1);
        router.route(zero, properties(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "0"));
        assertThat(zero.topic).isEqualTo("Orders");
        assertThat(zero.properties).isNull();
    }

    @Test
    void aTimedMessageWaitsInTheTimerTopicUnlessDueOrTooFar() {
        AppendRequest later = append("Orders", 2);
        assertThat(router.route(later, properties("TIMER_DELAY_SEC", "60"))).isNull();
        assertThat(later.topic).isEqualTo("rmq_sys_wheel_timer");
        assertThat(stored(later)).containsEntry("TIMER_OUT_MS", Long.toString(NOW + 60_000))
                .containsEntry(MessageConst.PROPERTY_REAL_QUEUE_ID, "2");

        AppendRequest due = append("Orders", 2);
        assertThat(router.route(due, properties("TIMER_DELIVER_MS", Long.toString(NOW - 1)))).isNull();
        assertThat(due.topic).isEqualTo("Orders");

        AppendRequest tooFar = append("Orders", 2);
        assertThat(router.route(tooFar, properties("TIMER_DELAY_MS", Long.toString(3_600_001))))
                .contains("timerMaxDelaySec");
        assertThat(router.route(append("Orders", 2), properties("__STARTDELIVERTIME", "soon")))
                .contains("not a number");
    }

    @Test
    void halfMessagesAndBatchesAreLeftAlone() {
        AppendRequest half = append("Orders", 0);
        half.sysFlag = MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        router.route(half, properties(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "2"));
        assertThat(half.topic).isEqualTo("Orders");

        AppendRequest batch = append("Orders", 0);
        batch.batch = true;
        router.route(batch, properties(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "2"));
        assertThat(batch.topic).isEqualTo("Orders");
    }
}
