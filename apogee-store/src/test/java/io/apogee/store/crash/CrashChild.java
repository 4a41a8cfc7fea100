package io.apogee.store.crash;

import io.apogee.protocol.message.HostAddress;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process the crash test kills: opens a SYNC_FLUSH store and appends from several threads until it is
 * killed, printing {@code ACK seq queueId queueOffset physicalOffset} for every acknowledged message.
 */
public final class CrashChild {

    static final String TOPIC = "Crash";
    static final int QUEUES = 4;

    private CrashChild() {
    }

    static Map<String, String> config(String dir) {
        return Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir,
                MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH",
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(128 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, "16384",
                MessageStoreConfig.MAPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(20 * 500),
                MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "30",
                MessageStoreConfig.MAX_HASH_SLOT_NUM, "1000",
                MessageStoreConfig.MAX_INDEX_NUM, "4000");
    }

    /** The body of message {@code seq}: its number and a deterministic length and filler. */
    static byte[] body(long seq) {
        String head = "seq-" + seq + "-";
        byte[] body = new byte[head.length() + (int) (seq * 7919 % 900)];
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        for (int i = headBytes.length; i < body.length; i++) {
            body[i] = (byte) (seq + i);
        }
        return body;
    }

    public static void main(String[] args) throws Exception {
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(config(args[0])),
                new HostAddress(new byte[] {127, 0, 0, 1}, 10911), path -> 0.1);
        store.start();
        AtomicLong next = new AtomicLong(Long.parseLong(args[1]));
        PrintStream out = System.out;
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                AppendRequest request = new AppendRequest();
                for (int guard = 0; guard < 1_000_000; guard++) {
                    long seq = next.getAndIncrement();
                    request.reset();
                    request.topic = TOPIC;
                    request.queueId = (int) (seq % QUEUES);
                    request.bornHostIp = new byte[] {10, 0, 0, 1};
                    request.body = ByteBuffer.wrap(body(seq));
                    request.properties = ByteBuffer.wrap(("KEYS\u0001k" + seq + "\u0002").getBytes(StandardCharsets.UTF_8));
                    if (store.append(request) == AppendStatus.PUT_OK) {
                        synchronized (out) {
                            out.println("ACK " + seq + " " + request.queueId + " " + request.queueOffset + " "
                                    + request.physicalOffset);
                            out.flush();
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
