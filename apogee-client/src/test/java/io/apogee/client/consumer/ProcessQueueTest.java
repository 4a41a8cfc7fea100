package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessQueueTest {

    @Test
    void countsAndBytesFollowPutsAndRemovesAndAMessagePutTwiceCountsOnce() {
        ProcessQueue queue = new ProcessQueue();
        MessageExt a = message(10, 100);
        MessageExt b = message(11, 50);
        MessageExt noBody = message(12, -1);

        queue.putMessages(List.of(a, b, noBody));
        queue.putMessages(List.of(b));
        assertThat(queue.messageCount()).isEqualTo(3);
        assertThat(queue.messageBytes()).isEqualTo(150);

        assertThat(queue.removeMessages(List.of(b, b))).isEqualTo(10);
        assertThat(queue.messageCount()).isEqualTo(2);
        assertThat(queue.messageBytes()).isEqualTo(100);

        assertThat(queue.removeMessages(List.of(a, noBody))).isEqualTo(13);
        assertThat(queue.messageCount()).isZero();
        assertThat(queue.messageBytes()).isZero();
    }

    @Test
    void anOrderlyCommitReleasesWhatWasTakenAndAnswersOnePastIt() {
        ProcessQueue queue = new ProcessQueue();
        queue.putMessages(List.of(message(0, 10), message(1, 20), message(2, 30)));

        assertThat(queue.takeMessages(2)).extracting(MessageExt::getQueueOffset).containsExactly(0L, 1L);
        assertThat(queue.commit()).isEqualTo(2);
        assertThat(queue.messageCount()).isEqualTo(1);
        assertThat(queue.messageBytes()).isEqualTo(30);
        assertThat(queue.commit()).isEqualTo(-1);
    }

    private static MessageExt message(long queueOffset, int bodyLength) {
        MessageExt m = new MessageExt();
        m.setQueueOffset(queueOffset);
        m.setBody(bodyLength < 0 ? null : new byte[bodyLength]);
        return m;
    }
}
