package io.apogee.broker;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.DiskUsageSource;
import io.apogee.store.GetMessageResult;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;
import io.apogee.store.StallingDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker whose disk stalls in the middle of SYNC_FLUSH sends, driven over a real socket: the sends past the
 * waiter bound are answered SYSTEM_BUSY at once, what waits is bounded in count and bytes and holds no message
 * body, and every send that was answered SEND_OK is in the store once the disk is back.
 *
 * <p>The client is a plain socket that keeps only each answer's code, so the heap measured is the broker's.
 */
class StalledDiskSendTest {

    private static final String TOPIC = "SELF_TEST_TOPIC";
    private static final int MAX_WAITERS = 200;
    private static final int SENDS = 800;
    private static final int BODY_BYTES = 256 * 1024;

    @TempDir
    Path dir;
    private final StallingDisk disk = new StallingDisk();
    private Broker broker;
    private RawBrokerConnection connection;
    /** Answer code by send number. */
    private Map<Integer, Integer> answers;

    @AfterEach
    void stop() throws IOException {
        disk.comeBack();
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.shutdown();
        }
    }

    private void startBroker() {
        MessageStoreConfig store = MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString(),
                MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH",
                MessageStoreConfig.SYNC_FLUSH_TIMEOUT, "120000",
                MessageStoreConfig.SYNC_FLUSH_MAX_WAITERS, Integer.toString(MAX_WAITERS),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(128 * 1024 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(2 * BODY_BYTES)));
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0).autoCreateTopicEnable(false)
                .store(store), (config, host) -> new MappedMessageStore(config, host, DiskUsageSource.fileSystem(),
                disk));
        broker.start();
    }

    @Test
    void sendsPastTheBoundGetSystemBusyTheWaitersHoldNoBodiesAndEverySendOkIsStored() throws Exception {
        startBroker();
        MappedMessageStore store = (MappedMessageStore) broker.store();
        connect();
        send(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.containsKey(0));
        assertThat(answers.get(0)).isEqualTo(ResponseCode.SUCCESS);

        disk.stall();
        long heapBefore = usedHeapAfterGc();
        for (int i = 1; i <= SENDS; i++) {
            send(i);
        }
        // Every send is either answered already (refused) or waits for the stuck force.
        await().atMost(Duration.ofSeconds(120))
                .until(() -> answers.size() - 1 + store.syncFlushWaiting() == SENDS);
        assertThat(disk.awaitStuck(0)).as("the disk is stalled").isTrue();
        int waiting = store.syncFlushWaiting();
        long heapGrowth = usedHeapAfterGc() - heapBefore;

        // Two send threads may each pass the check once before the other's waiter is counted.
        assertThat(waiting).isBetween(MAX_WAITERS, MAX_WAITERS + 2);
        assertThat(store.unforcedBytes()).isLessThanOrEqualTo((long) (MAX_WAITERS + 2) * (BODY_BYTES + 1024));
        assertThat(answers.entrySet()).filteredOn(e -> e.getKey() > 0)
                .hasSize(SENDS - waiting)
                .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(ResponseCode.SYSTEM_BUSY));
        assertThat(connection.remark(SENDS)).contains("FLUSH_BACKLOG_FULL");
        // The waiting sends' bodies alone would be MAX_WAITERS * 256 KiB = 50 MiB if they were kept.
        assertThat(heapGrowth).as("heap growth while %d sends wait", waiting).isLessThan(16L * 1024 * 1024);

        disk.comeBack();
        await().atMost(Duration.ofSeconds(60)).until(() -> answers.size() == SENDS + 1);
        Set<Integer> acknowledged = new HashSet<>();
        answers.forEach((send, code) -> {
            if (code == ResponseCode.SUCCESS) {
                acknowledged.add(send);
            } else {
                assertThat(code).isEqualTo(ResponseCode.SYSTEM_BUSY);
            }
        });
        assertThat(acknowledged).hasSize(waiting + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.maxOffsetInQueue(TOPIC, 0) == acknowledged.size());
        assertThat(storedSends(store)).as("exactly the acknowledged sends are stored").isEqualTo(acknowledged);
    }

    private void connect() throws IOException {
        connection = new RawBrokerConnection(broker.localAddress(), "stalled-disk-test");
        answers = connection.codes();
    }

    /** Sends send number {@code n}: its body starts with n and is {@value #BODY_BYTES} bytes long. */
    private void send(int n) throws IOException {
        byte[] body = new byte[BODY_BYTES];
        ByteBuffer.wrap(body).putInt(n);
        RemotingCommand request = new SendMessageRequestHeader("g", TOPIC, "TBW102", 1, 0, 0,
                System.currentTimeMillis(), 0, null, 0, false, false, null, "broker-a")
                .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)).body(body);
        request.opaque(n);
        connection.send(request);
    }

    private static Set<Integer> storedSends(MappedMessageStore store) {
        Set<Integer> sends = new HashSet<>();
        long offset = 0;
        while (offset < store.maxOffsetInQueue(TOPIC, 0)) {
            try (GetMessageResult result = store.getMessage(TOPIC, 0, offset, 32, 64 * 1024 * 1024, null)) {
                for (ByteBuffer record : result.messages()) {
                    sends.add(ByteBuffer.wrap(StoredMessageCodec.decode(record.duplicate()).body()).getInt());
                }
                offset = result.nextBeginOffset();
            }
        }
        return sends;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
