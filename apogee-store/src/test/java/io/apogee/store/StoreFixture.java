package io.apogee.store;

import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Small stores in temp directories, requests and decoding for store tests. */
final class StoreFixture {

    static final HostAddress STORE_HOST = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);
    static final int COMMIT_LOG_FILE = 64 * 1024;

    private StoreFixture() {
    }

    static Map<String, String> smallConfig(Path dir) {
        Map<String, String> map = new HashMap<>();
        map.put(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString());
        map.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(COMMIT_LOG_FILE));
        map.put(MessageStoreConfig.MAX_MESSAGE_SIZE, "16384");
        map.put(MessageStoreConfig.MAPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(20 * 100));
        map.put(MessageStoreConfig.FLUSH_INTERVAL_COMMIT_LOG, "20");
        map.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "50");
        map.put(MessageStoreConfig.MAX_HASH_SLOT_NUM, "64");
        map.put(MessageStoreConfig.MAX_INDEX_NUM, "200");
        map.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "20");
        map.put(MessageStoreConfig.DELETE_WHEN, "04");
        return map;
    }

    static MappedMessageStore start(Map<String, String> config, DiskUsageSource usage) throws Exception {
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(config), STORE_HOST, usage);
        store.start();
        return store;
    }

    static MappedMessageStore start(Map<String, String> config) throws Exception {
        return start(config, path -> 0.1);
    }

    /** A disk that is 10 % used (so retention never refuses appends) with {@code usable} bytes free for a path. */
    static DiskUsageSource lightlyUsed(ToLongFunction<File> usable) {
        return new DiskUsageSource() {
            @Override
            public double usedRatio(File path) {
                return 0.1;
            }

            @Override
            public long usableBytes(File path) {
                return usable.applyAsLong(path);
            }
        };
    }

    static AtomicReference<Double> usage(double initial) {
        return new AtomicReference<>(initial);
    }

    static AppendRequest single(String topic, int queueId, byte[] body, Map<String, String> properties) {
        AppendRequest request = new AppendRequest().reset();
        request.topic = topic;
        request.queueId = queueId;
        request.bornTimestamp = 1_700_000_000_000L;
        request.bornHostIp = new byte[] {10, 0, 0, 9};
        request.bornPort = 50000;
        request.body = ByteBuffer.wrap(body);
        request.properties = ByteBuffer.wrap(MessageProperties.encodeToBytes(properties));
        return request;
    }

    static AppendRequest single(String topic, int queueId, String body) {
        return single(topic, queueId, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static StoredMessage decode(ByteBuffer slice) {
        return StoredMessageCodec.decode(slice.duplicate());
    }

    /**
     * Every message of a queue from its min to its max offset, 32 per read; each read must find messages and
     * move on, so entries missing below the max offset fail the caller's test instead of hanging it.
     */
    static List<StoredMessage> readQueue(MappedMessageStore store, String topic, int queueId) {
        List<StoredMessage> messages = new ArrayList<>();
        long offset = store.minOffsetInQueue(topic, queueId);
        while (offset < store.maxOffsetInQueue(topic, queueId)) {
            try (GetMessageResult result = store.getMessage(topic, queueId, offset, 32, 1 << 20, null)) {
                assertThat(result.status()).as("a read from queue offset %d: %s (commit log ends at %d)", offset,
                        result, store.commitLogMaxOffset()).isEqualTo(GetMessageStatus.FOUND);
                assertThat(result.nextBeginOffset()).as("a read from queue offset %d moves on: %s", offset, result)
                        .isGreaterThan(offset);
                messages.addAll(decodeAll(result));
                offset = result.nextBeginOffset();
            }
        }
        return messages;
    }

    static List<StoredMessage> decodeAll(GetMessageResult result) {
        return result.messages().stream().map(StoreFixture::decode).toList();
    }

    static String text(StoredMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
