package io.apogee.store;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.TagHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class QueueReadTest {

    @TempDir
    Path dir;
    MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private void appendTagged(String topic, int count) {
        for (int i = 0; i < count; i++) {
            AppendRequest request = single(topic, 0, ("m" + i).getBytes(), Map.of(MessageConst.PROPERTY_TAGS,
                    i % 2 == 0 ? "even" : "odd", MessageConst.PROPERTY_KEYS, "key" + i + " shared"));
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        }
        await().until(() -> store.maxOffsetInQueue(topic, 0) == count);
    }

    @Test
    void aJustWrittenMessageIsInThePageCacheAndOneNotStoredIsNot() throws Exception {
        store = start(smallConfig(dir));
        appendTagged("Cached", 3);
        assertThat(store.isInPageCache("Cached", 0, 0)).isTrue();
        assertThat(store.isInPageCache("Cached", 0, 2)).isTrue();
        assertThat(store.isInPageCache("Cached", 0, 3)).as("past the queue's end").isFalse();
        assertThat(store.isInPageCache("Cached", 1, 0)).as("a queue never written").isFalse();
        assertThat(store.isInPageCache("Missing", 0, 0)).isFalse();
    }

    @Test
    void adjacentRecordsOfAReadShareOneRunAndTheRunsHoldExactlyTheMessages() throws Exception {
        store = start(smallConfig(dir));
        byte[] body = new byte[2000];
        // Queue 0 gets a record of queue 1 between its 2nd and 3rd, and rolls into a second 64 KiB file.
        List<Integer> queues = List.of(0, 0, 1, 0, 0, 0);
        for (int round = 0; round < 8; round++) {
            for (int queueId : queues) {
                assertThat(store.append(single("Runs", queueId, body, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
            }
        }
        await().until(() -> store.maxOffsetInQueue("Runs", 0) == 40);

        GetMessageResult first = store.getMessage("Runs", 0, 0, 5, 1 << 20, null);
        assertThat(first.messageCount()).isEqualTo(5);
        assertThat(first.runs()).as("2 adjacent, then 3 after queue 1's record").hasSize(2);
        assertThat(concatenated(first.runs())).isEqualTo(concatenated(first.messages()));

        // Six rounds: 36 records of about 2 KiB, so the read crosses from the first file into the second.
        GetMessageResult all = store.getMessage("Runs", 0, 0, 30, 1 << 20, null);
        assertThat(all.messageCount()).isEqualTo(30);
        long lastPhysical = all.lastPhysicalOffset();
        assertThat(decodeAll(all)).extracting(StoredMessage::queueOffset)
                .containsExactlyElementsOf(LongStream.range(0, 30).boxed().toList());
        assertThat(decode(all.messages().get(29)).physicalOffset()).as("known before the records are sliced")
                .isEqualTo(lastPhysical);
        // Queue 1's records split queue 0 into 7 runs (a round's last three join the next round's first two);
        // the first file holds 31 records, so its end splits round 6's first two: 8.
        assertThat(all.runs()).hasSize(8);
        assertThat(concatenated(all.runs())).isEqualTo(concatenated(all.messages()));
        first.release();
        all.release();
    }

    private static byte[] concatenated(List<ByteBuffer> slices) {
        int length = slices.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer joined = ByteBuffer.allocate(length);
        slices.forEach(slice -> joined.put(slice.duplicate()));
        return joined.array();
    }

    @Test
    void statusesFollowTheOffsetsOfTheQueue() throws Exception {
        store = start(smallConfig(dir));
        assertThat(store.getMessage("Missing", 0, 0, 32, 1 << 20, null).status())
                .isEqualTo(GetMessageStatus.NO_MESSAGE_IN_QUEUE);
        appendTagged("Reads", 10);

        GetMessageResult one = store.getMessage("Reads", 0, 10, 32, 1 << 20, null);
        assertThat(one.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
        assertThat(one.nextBeginOffset()).isEqualTo(10);
        assertThat(one.maxOffset()).isEqualTo(10);

        GetMessageResult badly = store.getMessage("Reads", 0, 15, 32, 1 << 20, null);
        assertThat(badly.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_BADLY);

        GetMessageResult some = store.getMessage("Reads", 0, 3, 4, 1 << 20, null);
        assertThat(some.status()).isEqualTo(GetMessageStatus.FOUND);
        assertThat(decodeAll(some)).extracting(StoredMessage::queueOffset).containsExactly(3L, 4L, 5L, 6L);
        assertThat(some.nextBeginOffset()).isEqualTo(7);
        assertThat(some.minOffset()).isZero();

        int oneSize = some.messages().get(0).remaining();
        GetMessageResult bytesCapped = store.getMessage("Reads", 0, 0, 32, oneSize * 2 + 1, null);
        assertThat(bytesCapped.messageCount()).isEqualTo(2);
        assertThat(bytesCapped.bufferTotalSize()).isLessThanOrEqualTo(oneSize * 2 + 1);

        GetMessageResult odd = store.getMessage("Reads", 0, 0, 32, 1 << 20, new long[] {TagHash.tagsCode("odd")});
        assertThat(decodeAll(odd)).extracting(StoredMessage::queueOffset).containsExactly(1L, 3L, 5L, 7L, 9L);
        assertThat(odd.nextBeginOffset()).isEqualTo(10);

        GetMessageResult none = store.getMessage("Reads", 0, 0, 32, 1 << 20, new long[] {TagHash.tagsCode("nope")});
        assertThat(none.status()).isEqualTo(GetMessageStatus.NO_MATCHED_MESSAGE);
        assertThat(none.nextBeginOffset()).isEqualTo(10);
    }

    @Test
    void slicesShareTheMappedFileInsteadOfCopying() throws Exception {
        store = start(smallConfig(dir));
        appendTagged("Slices", 2);
        ByteBuffer slice = store.getMessage("Slices", 0, 0, 1, 1 << 20, null).messages().get(0);
        assertThat(slice.isDirect()).isTrue();
        assertThat(slice.isReadOnly()).isTrue();
    }

    @Test
    void offsetsByPhysicalOffsetAndTime() throws Exception {
        store = start(smallConfig(dir));
        appendTagged("Times", 3);
        long t1 = store.messageStoreTime("Times", 0, 1);
        assertThat(t1).isPositive();
        assertThat(store.offsetInQueueByTime("Times", 0, 0)).isZero();
        assertThat(store.offsetInQueueByTime("Times", 0, Long.MAX_VALUE)).isEqualTo(3);
        assertThat(store.offsetInQueueByTime("Times", 0, store.messageStoreTime("Times", 0, 2)))
                .isLessThanOrEqualTo(2);
        assertThat(store.earliestMessageTime("Times", 0)).isLessThanOrEqualTo(store.latestMessageTime("Times", 0));
        assertThat(store.earliestMessageTime()).isEqualTo(store.earliestMessageTime("Times", 0));

        GetMessageResult result = store.getMessage("Times", 0, 2, 1, 1 << 20, null);
        StoredMessage third = decode(result.messages().get(0));
        assertThat(decode(store.getMessageByOffset(third.physicalOffset()))).isEqualTo(third);
        assertThat(store.getMessageByOffset(third.physicalOffset() + 1)).isNull();
        assertThat(store.getMessageByOffset(1L << 40)).isNull();
    }

    @Test
    void indexFindsMessagesByEachOfSeveralKeysAndByUniqueId() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest request = single("Idx", 0, "x".getBytes(), Map.of(MessageConst.PROPERTY_KEYS, "alpha beta gamma",
                MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "UNIQ-1"));
        assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        appendTagged("Idx2", 250);
        await().until(() -> store.maxOffsetInQueue("Idx", 0) == 1);
        long now = System.currentTimeMillis();
        for (String key : List.of("alpha", "beta", "gamma", "UNIQ-1")) {
            List<ByteBuffer> found = store.queryMessage("Idx", key, 10, 0, now + 1000);
            assertThat(found).as(key).hasSize(1);
            assertThat(decode(found.get(0)).physicalOffset()).isEqualTo(request.physicalOffset);
        }
        assertThat(store.queryMessage("Idx", "alpha", 10, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
        assertThat(store.queryMessage("Idx", "delta", 10, 0, now + 1000)).isEmpty();
        assertThat(store.queryMessage("Idx2", "alpha", 10, 0, now + 1000)).isEmpty();
        assertThat(store.queryMessage("Idx", "alpha", 10, 0, request.storeTimestamp - 10_000)).isEmpty();
        assertThat(store.queryMessage("Idx2", "shared", 300, 0, now + 1000)).hasSize(250);
        assertThat(store.queryMessage("Idx2", "shared", 5, 0, now + 1000)).hasSize(5);
        assertThat(store.queryMessage("Idx2", "key7", 5, 0, now + 1000)).hasSize(1);
    }

    /**
     * The dispatcher sleeps while the commit log is idle and is woken by each append, so a message reaches its
     * consume queue (and a waiting long poll) at once, not when the idle sleep happens to end. (Within 10 ms of
     * its last dispatch it naps instead: see the next test.)
     */
    @Test
    void anIdleDispatcherIsWokenByEveryAppend() throws Exception {
        int appends = 30;
        Map<String, String> config = smallConfig(dir);
        // Long flush intervals, so that only an append's wake-up can end the dispatcher's idle sleep early.
        config.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "10000");
        config.put(MessageStoreConfig.FLUSH_INTERVAL_COMMIT_LOG, "10000");
        store = start(config);
        SynchronousQueue<Long> dispatched = new SynchronousQueue<>();
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            try {
                dispatched.put(queueOffset);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long started = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            // Each append finds the dispatcher asleep: it has handed over the previous message and gone idle.
            TimeUnit.MILLISECONDS.sleep(20);
            assertThat(store.append(single("WakeUp", 0, "m" + i))).isEqualTo(AppendStatus.PUT_OK);
            assertThat(dispatched.poll(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Without wake-ups every message would wait out an idle sleep of up to 200 ms: several seconds in all.
        assertThat(elapsedMillis).isLessThan(appends * 20 + 1_000);
    }

    /**
     * Appends that come faster than one a millisecond do not wake the dispatcher each: it naps a millisecond
     * between rounds while it has work, so it parks about once per millisecond, not once per append.
     */
    @Test
    void aBusyDispatcherTakesAppendsInRounds() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "10000");
        config.put(MessageStoreConfig.FLUSH_INTERVAL_COMMIT_LOG, "10000");
        store = start(config);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long dispatcher = store.dispatcherThread().getId();

        int appends = 2_000;
        long parksBefore = threads.getThreadInfo(dispatcher).getWaitedCount();
        long started = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            assertThat(store.append(single("Rounds", 0, "m" + i))).isEqualTo(AppendStatus.PUT_OK);
            LockSupport.parkNanos(100_000);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue("Rounds", 0) == appends);
        long parks = threads.getThreadInfo(dispatcher).getWaitedCount() - parksBefore;

        assumeThat(appends).as("appends at least 4 per millisecond, or wake-ups per append could not be told apart")
                .isGreaterThanOrEqualTo(4 * (int) elapsedMillis);
        // Woken by each append it would park about once per append, here at least 4 times per millisecond.
        assertThat(parks).as("dispatcher parks in %d ms", elapsedMillis).isLessThanOrEqualTo(2 * elapsedMillis + 50);
    }

    /** A removed listener (a delivery stopped by a role switch) hears of no later message; the others still do. */
    @Test
    void aRemovedDispatchListenerIsNoLongerTold() throws Exception {
        store = start(smallConfig(dir));
        List<String> kept = new CopyOnWriteArrayList<>();
        List<String> removed = new CopyOnWriteArrayList<>();
        DispatchListener stays = (topic, queueId, queueOffset, tagsCode, storeTimestamp) -> kept.add(topic);
        DispatchListener goes = (topic, queueId, queueOffset, tagsCode, storeTimestamp) -> removed.add(topic);
        store.addDispatchListener(stays);
        store.addDispatchListener(goes);
        assertThat(store.append(single("Before", 0, "a"))).isEqualTo(AppendStatus.PUT_OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> removed.contains("Before"));

        store.removeDispatchListener(goes);
        assertThat(store.append(single("After", 0, "b"))).isEqualTo(AppendStatus.PUT_OK);

        await().atMost(Duration.ofSeconds(10)).until(() -> kept.contains("After"));
        assertThat(removed).containsExactly("Before");
    }
}
