package io.apogee.protocol.header;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.golden.GoldenFrames;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendAndPullHeaderTest {

    private static final SendMessageRequestHeader SEND = new SendMessageRequestHeader("pg", "TopicA", "TBW102",
            4, 2, 0, 1795466629744L, 0, "KEYS\u0001k\u0002", 0, false, true, 16, "broker-a");

    @Test
    void goldenSendV2HeaderDecodesToTheCapturedValues() {
        RemotingCommand send = GoldenFrames.decode("0017");
        SendMessageRequestHeader header = SendMessageRequestHeader.decode(send);
        assertThat(header.producerGroup()).isEqualTo("golden_producer_group");
        assertThat(header.topic()).isEqualTo("GoldenTopic");
        assertThat(header.defaultTopic()).isEqualTo("TBW102");
        assertThat(header.defaultTopicQueueNums()).isEqualTo(4);
        assertThat(header.queueId()).isEqualTo(2);
        assertThat(header.sysFlag()).isZero();
        assertThat(header.bornTimestamp()).isEqualTo(1795466629744L);
        assertThat(header.flag()).isZero();
        assertThat(header.properties()).startsWith("KEYS\u0001KEY-SYNC\u0002UNIQ_KEY\u0001FD00").endsWith("\u0002");
        assertThat(header.reconsumeTimes()).isZero();
        assertThat(header.unitMode()).isFalse();
        assertThat(header.isBatch()).isFalse();
        assertThat(header.maxReconsumeTimes()).isNull();
        assertThat(header.brokerName()).isEqualTo("broker-a");
    }

    @Test
    void goldenBatchAndBinaryHeaderSendsDecode() {
        assertThat(SendMessageRequestHeader.decode(GoldenFrames.decode("0023")).isBatch()).isTrue();
        SendMessageRequestHeader binary = SendMessageRequestHeader.decode(GoldenFrames.decode("run2-0007"));
        assertThat(binary.producerGroup()).isEqualTo("golden_rmqser_producer_group");
        assertThat(binary.bornTimestamp()).isEqualTo(1795466872248L);
        assertThat(binary.queueId()).isEqualTo(2);
    }

    @Test
    void goldenSendResponseDecodes() {
        SendMessageResponseHeader header = SendMessageResponseHeader.decode(GoldenFrames.decode("0022"));
        assertThat(header.msgId()).isEqualTo("7F00000100002A9F0000000000000000");
        assertThat(header.queueId()).isEqualTo(2);
        assertThat(header.queueOffset()).isZero();
        assertThat(header.transactionId()).isEqualTo("FD0000000000000000000000000000025EB030946E0975BEAA6F0000");
        assertThat(header.msgRegion()).isEqualTo("DefaultRegion");
        assertThat(header.traceOn()).isTrue();
    }

    @Test
    void goldenPullRequestAndResponseDecode() {
        PullMessageRequestHeader pull = PullMessageRequestHeader.decode(GoldenFrames.decode("0140"));
        assertThat(pull).isEqualTo(new PullMessageRequestHeader("golden_consumer_group", "GoldenTopic", 0, 2, 32,
                3, 1, 15000, null, 1795466631218L, "TAG", 262144, null, null, "broker-a"));
        assertThat(pull.hasCommitOffset()).isTrue();
        assertThat(pull.isSuspendAllowed()).isTrue();
        assertThat(pull.hasSubscription()).isFalse();

        PullMessageResponseHeader found = PullMessageResponseHeader.decode(GoldenFrames.decode("0116"));
        assertThat(found).isEqualTo(new PullMessageResponseHeader(0, 5, 0, 5, null, 0, 0, null));
    }

    @Test
    void sendHeaderPicksTheSpellingByCode() {
        RemotingCommand v2 = SEND.applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2));
        assertThat(v2.extFields()).containsEntry("b", "TopicA").containsEntry("l", "16").doesNotContainKey("topic");
        assertThat(SendMessageRequestHeader.decode(v2)).isEqualTo(SEND);

        RemotingCommand v1 = SEND.applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE));
        assertThat(v1.extFields()).containsEntry("topic", "TopicA").containsEntry("bname", "broker-a")
                .doesNotContainKey("b");
        assertThat(SendMessageRequestHeader.decode(v1)).isEqualTo(SEND);
    }

    @Test
    void sendV2ErrorsNameTheShortKey() {
        Map<String, String> fields = new HashMap<>();
        SEND.writeV2To(fields);
        fields.put("e", "two");
        assertThatThrownBy(() -> SendMessageRequestHeader.decodeV2(fields))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'e'").hasMessageContaining("two");
        fields.put("e", "2");
        fields.remove("g");
        assertThatThrownBy(() -> SendMessageRequestHeader.decodeV2(fields))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'g'").hasMessageContaining("missing");
    }

    @Test
    void absentDefaultsFollowTheOfficialBroker() {
        Map<String, String> fields = new HashMap<>(Map.of("topic", "T", "queueId", "1"));
        assertThat(GetMaxOffsetRequestHeader.decode(fields).committed()).isTrue();
        assertThat(SearchOffsetRequestHeader.decode(Map.of("topic", "T", "queueId", "1", "timestamp", "5"))
                .boundaryOrDefault()).isEqualTo(BoundaryType.LOWER);
        assertThat(ResetOffsetRequestHeader.decode(Map.of("group", "g", "topic", "T", "timestamp", "5",
                "isForce", "true")).queueId()).isEqualTo(-1);
    }
}
