package io.apogee.store;

import io.apogee.protocol.message.BatchMessage;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.TagHash;
import io.apogee.store.recovery.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch stored whole ({@link InnerBatch}): one record that takes one queue offset per message, written as
 * that many consume-queue entries, read back whole and once wherever a read starts in it.
 */
class InnerBatchStoreTest {

    private static final String TOPIC = "Batched";

    @TempDir
    Path dir;
    MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private static AppendRequest innerBatch(int messages) {
        List<BatchMessage> parts = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            parts.add(new BatchMessage(0, ("inner " + i).getBytes(StandardCharsets.UTF_8),
                    MessageProperties.encode(Map.of(MessageConst.PROPERTY_TAGS, "inside"))));
        }
        AppendRequest request = single(TOPIC, 0, BatchMessageCodec.encode(parts),
                Map.of(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "BATCH" + messages));
        request.sysFlag = InnerBatch.FLAGS;
        return request;
    }

    private static AppendRequest tagged(String body, String tag) {
        return single(TOPIC, 0, body.getBytes(StandardCharsets.UTF_8), Map.of(MessageConst.PROPERTY_TAGS, tag));
    }

    private List<Long> append(AppendRequest... requests) {
        List<Long> offsets = new ArrayList<>();
        for (AppendRequest request : requests) {
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            offsets.add(request.queueOffset);
        }
        return offsets;
    }

    private <T> T read(long offset, int maxMsgNums, long[] tagCodes, Function<GetMessageResult, T> check) {
        GetMessageResult result = store.getMessage(TOPIC, 0, offset, maxMsgNums, 1 << 20, tagCodes);
        try {
            return check.apply(result);
        } finally {
            result.release();
        }
    }

    private static String shape(GetMessageResult result) {
        return result.messageCount() + " records, next " + result.nextBeginOffset();
    }

    @Test
    void aBatchTakesAQueueOffsetPerMessageAndEveryReadReturnsItOnceAndWhole() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest five = innerBatch(5);
        List<Long> offsets = append(tagged("before", "x"), five, tagged("after", "y"));
        assertThat(offsets).containsExactly(0L, 1L, 6L);
        assertThat(five.innerNum).isEqualTo(5);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 7);

        assertThat(read(0, 32, null, InnerBatchStoreTest::shape)).isEqualTo("3 records, next 7");
        StoredMessage record = read(3, 32, null, r -> decodeAll(r).get(0));
        assertThat(InnerBatch.isInnerBatch(record.sysFlag())).isTrue();
        assertThat(record.queueOffset()).isEqualTo(1);
        assertThat(read(3, 1, null, GetMessageResult::nextBeginOffset)).as("a read never ends inside a batch")
                .isEqualTo(6);
        assertThat(read(0, 2, null, InnerBatchStoreTest::shape))
                .as("a batch started before the count is reached is returned whole").isEqualTo("2 records, next 6");
        assertThat(read(0, 32, new long[] {TagHash.tagsCode("y")}, InnerBatchStoreTest::shape))
                .as("tag filters pass the batch, whose tags are inside").isEqualTo("2 records, next 7");
    }

    @Test
    void aBatchAcrossConsumeQueueFilesIsReadFromAnyOfItsOffsetsAndRebuiltByRecovery() throws Exception {
        store = start(smallConfig(dir));
        List<Long> offsets = append(tagged("first", "x"), innerBatch(150), tagged("last", "x"));
        assertThat(offsets).containsExactly(0L, 1L, 151L);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 152);
        for (long from : new long[] {1, 99, 100}) {
            assertThat(read(from, 32, null, InnerBatchStoreTest::shape)).as("from %d: its 150 messages fill the read",
                    from).isEqualTo("1 records, next 151");
        }
        assertThat(read(150, 32, null, InnerBatchStoreTest::shape)).as("from its last message, which counts one")
                .isEqualTo("2 records, next 152");

        store.shutdown();
        deleteTree(dir.resolve("consumequeue"));
        Files.delete(dir.resolve(Checkpoint.FILE_NAME));
        store = start(smallConfig(dir));
        assertThat(store.maxOffsetInQueue(TOPIC, 0)).isEqualTo(152);
        List<Long> recordsFrom120 = read(120, 200, null,
                r -> decodeAll(r).stream().map(StoredMessage::queueOffset).toList());
        assertThat(recordsFrom120).containsExactly(1L, 151L);
        assertThat(append(tagged("next", "x"))).containsExactly(152L);
    }

    @Test
    void aBatchWhoseBodyIsNotABatchIsRefusedAndTakesNoOffset() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest broken = innerBatch(3);
        broken.body = ByteBuffer.wrap("not a batch".getBytes(StandardCharsets.UTF_8));
        assertThat(store.append(broken)).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(append(tagged("plain", "x"))).containsExactly(0L);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
