package io.apogee.store;

import io.apogee.protocol.message.BatchMessage;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.store.file.MappedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CommitLogAppendTest {

    @TempDir
    Path dir;
    MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    /**
     * An append may run on an I/O thread only while it cannot roll: the file being written has room for the largest
     * message twice over (here 2 x 16 KiB of a 64 KiB file). Near a file's end, and before the first file, it may not.
     */
    @Test
    void appendsInPlaceOnlyWhileTheFileBeingWrittenHasRoomForTwoLargestMessages() throws Exception {
        store = start(smallConfig(dir));
        byte[] body = new byte[4000];
        assertThat(store.append(single("InPlace", 0, body, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        assertThat(store.appendsInPlace()).isTrue();

        List<Long> files = new ArrayList<>();
        List<Boolean> inPlace = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AppendRequest request = single("InPlace", 0, body, Map.of());
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            files.add(request.physicalOffset / COMMIT_LOG_FILE);
            long room = COMMIT_LOG_FILE - request.endOffset % COMMIT_LOG_FILE;
            inPlace.add(store.appendsInPlace());
            assertThat(store.appendsInPlace()).as("room %d after append %d", room, i)
                    .isEqualTo(room >= 2 * 16384);
        }
        assertThat(files).as("the appends crossed files").contains(0L, 1L, 2L);
        assertThat(inPlace).contains(true, false);

        store.shutdown();
        assertThat(store.appendsInPlace()).as("a stopped store").isFalse();
        store = null;
    }

    @Test
    void appendFillsStoreSideFieldsAndReadsBackByteIdentical() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest request = single("TopicA", 2, "hello".getBytes(StandardCharsets.UTF_8),
                Map.of(MessageConst.PROPERTY_TAGS, "TagA", MessageConst.PROPERTY_KEYS, "k1"));
        request.extraProperties = ByteBuffer.wrap("CLUSTER\u0001c1\u0002".getBytes(StandardCharsets.UTF_8));
        assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(request.queueOffset).isZero();
        assertThat(request.physicalOffset).isZero();
        assertThat(request.messageCount).isEqualTo(1);

        ByteBuffer record = store.getMessageByOffset(0);
        StoredMessage message = decode(record);
        assertThat(message.topic()).isEqualTo("TopicA");
        assertThat(message.queueId()).isEqualTo(2);
        assertThat(message.storeHost()).isEqualTo(STORE_HOST);
        assertThat(message.bornHost().port()).isEqualTo(50000);
        assertThat(message.storeTimestamp()).isEqualTo(request.storeTimestamp);
        assertThat(message.bodyCrc()).isEqualTo(MessageChecksum.crc32("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(message.propertyMap()).containsEntry("CLUSTER", "c1").containsEntry("TAGS", "TagA");
        assertThat(record.remaining()).isEqualTo(request.wroteBytes);

        await().until(() -> store.maxOffsetInQueue("TopicA", 2) == 1);
        GetMessageResult result = store.getMessage("TopicA", 2, 0, 32, 1 << 20, null);
        assertThat(result.status()).isEqualTo(GetMessageStatus.FOUND);
        assertThat(result.messages().get(0)).isEqualTo(record);
    }

    @Test
    void recordsNeverStraddleFilesAndReadsCrossFileEdges() throws Exception {
        store = start(smallConfig(dir));
        byte[] body = new byte[1000];
        int count = 300;
        for (int i = 0; i < count; i++) {
            Arrays.fill(body, (byte) i);
            AppendRequest request = single("Roll", 0, body, Map.of("i", Integer.toString(i)));
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            assertThat(request.queueOffset).isEqualTo(i);
            long first = request.physicalOffset / COMMIT_LOG_FILE;
            long last = (request.physicalOffset + request.wroteBytes - 1) / COMMIT_LOG_FILE;
            assertThat(first).isEqualTo(last);
        }
        File[] files = dir.resolve("commitlog").toFile().listFiles();
        assertThat(files).hasSizeGreaterThan(3);
        assertThat(files).allSatisfy(f -> assertThat(f.getName()).matches("\\d{20}"));
        assertThat(Arrays.stream(files).map(File::getName)).contains(MappedFile.fileName(COMMIT_LOG_FILE));

        await().until(() -> store.maxOffsetInQueue("Roll", 0) == count);
        List<StoredMessage> all = new ArrayList<>();
        long offset = 0;
        for (int guard = 0; guard < 100 && offset < count; guard++) {
            GetMessageResult result = store.getMessage("Roll", 0, offset, 7, 1 << 20, null);
            assertThat(result.status()).isEqualTo(GetMessageStatus.FOUND);
            all.addAll(decodeAll(result));
            offset = result.nextBeginOffset();
        }
        assertThat(all).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(all.get(i).queueOffset()).isEqualTo(i);
            assertThat(all.get(i).property("i")).isEqualTo(Integer.toString(i));
            assertThat(all.get(i).body()[0]).isEqualTo((byte) i);
        }
        ByteBuffer firstFile = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(files[0].toPath().getParent()
                .resolve(MappedFile.fileName(0))));
        int end = 0;
        while (firstFile.getInt(end + 4) != StoredMessageLayout.MAGIC_BLANK) {
            end += firstFile.getInt(end);
        }
        assertThat(firstFile.getInt(end)).isEqualTo(COMMIT_LOG_FILE - end);
    }

    @Test
    void batchThatDoesNotFitMovesWholeToTheNextFile() throws Exception {
        store = start(smallConfig(dir));
        byte[] body = new byte[1000];
        for (int guard = 0; guard < 100 && store.commitLogMaxOffset() < COMMIT_LOG_FILE - 4000; guard++) {
            assertThat(store.append(single("Batch", 1, body, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        }
        List<BatchMessage> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(new BatchMessage(i, new byte[1000], "KEYS\u0001b" + i + "\u0002UNIQ_KEY\u0001u" + i + "\u0002"));
        }
        AppendRequest request = single("Batch", 1, new byte[0], Map.of());
        request.batch = true;
        request.body = ByteBuffer.wrap(BatchMessageCodec.encode(batch));
        request.properties = null;
        long before = store.commitLogMaxOffset();
        assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(request.messageCount).isEqualTo(4);
        assertThat(before).isLessThan(COMMIT_LOG_FILE);
        assertThat(request.physicalOffset).isEqualTo(COMMIT_LOG_FILE);
        await().until(() -> store.maxOffsetInQueue("Batch", 1) == request.queueOffset + 4);
        List<StoredMessage> read = decodeAll(store.getMessage("Batch", 1, request.queueOffset, 32, 1 << 20, null));
        assertThat(read).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(read.get(i).queueOffset()).isEqualTo(request.queueOffset + i);
            assertThat(read.get(i).physicalOffset()).isEqualTo(request.physicalOffsets[i]);
            assertThat(read.get(i).flag()).isEqualTo(i);
            assertThat(read.get(i).property("KEYS")).isEqualTo("b" + i);
        }
    }

    @Test
    void messagesOverMaxSizeAreRefused() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest request = single("Big", 0, new byte[16384], Map.of());
        assertThat(store.append(request)).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        AppendRequest props = single("Big", 0, new byte[1], Map.of("p", "x".repeat(40000)));
        assertThat(store.append(props)).isEqualTo(AppendStatus.PROPERTIES_SIZE_EXCEEDED);
        assertThat(store.commitLogMaxOffset()).isZero();
        assertThat(store.append(single("Big", 0, "ok"))).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void preparedTransactionMessagesTakeNoQueueOffset() throws Exception {
        store = start(smallConfig(dir));
        AppendRequest prepared = single("Tx", 0, "half");
        prepared.sysFlag = io.apogee.protocol.message.MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        assertThat(store.append(prepared)).isEqualTo(AppendStatus.PUT_OK);
        AppendRequest normal = single("Tx", 0, "normal");
        assertThat(store.append(normal)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(normal.queueOffset).isZero();
        await().until(() -> store.maxOffsetInQueue("Tx", 0) == 1);
        assertThat(text(decode(store.getMessage("Tx", 0, 0, 32, 1 << 20, null).messages().get(0)))).isEqualTo("normal");
        assertThat(text(decode(store.getMessageByOffset(prepared.physicalOffset)))).isEqualTo("half");
    }
}
