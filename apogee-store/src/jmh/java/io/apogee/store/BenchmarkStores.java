package io.apogee.store;

import io.apogee.protocol.message.HostAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Stores and messages shared by the store benchmarks. */
final class BenchmarkStores {

    static final int FILE_SIZE = 256 * 1024 * 1024;
    static final int BODY_SIZE = 1024;

    private BenchmarkStores() {
    }

    static MappedMessageStore start(Path root, FlushDiskType type) throws IOException {
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, root.toString(),
                MessageStoreConfig.FLUSH_DISK_TYPE, type.name(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(FILE_SIZE),
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000")),
                new HostAddress(new byte[] {127, 0, 0, 1}, 10911), path -> 0.1);
        store.start();
        return store;
    }

    /** A 1 KiB message with a tag and a key, as a producer would send it. */
    static AppendRequest message(String topic, int queueId) {
        AppendRequest request = new AppendRequest().reset();
        request.topic = topic;
        request.queueId = queueId;
        request.bornTimestamp = System.currentTimeMillis();
        request.bornHostIp = new byte[] {10, 0, 0, 1};
        request.bornPort = 40000;
        byte[] body = new byte[BODY_SIZE];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        request.body = ByteBuffer.wrap(body);
        request.properties = ByteBuffer.wrap("TAGS\u0001TagA\u0002KEYS\u0001order-1\u0002WAIT\u0001true\u0002"
                .getBytes(StandardCharsets.UTF_8));
        return request;
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
