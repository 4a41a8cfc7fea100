package io.apogee.broker.ha;

import io.apogee.protocol.message.HostAddress;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.DiskUsageSource;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replication framing with bad input on either side: the peer that breaks the protocol is disconnected
 * with a clear reason, nothing wrong is written, and the server (or the slave) goes on.
 */
class ReplicationProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private MappedMessageStore store(String name) throws IOException {
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve(name).toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(64 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, "16384")),
                new HostAddress(new byte[] {127, 0, 0, 1}, 10911), DiskUsageSource.fileSystem());
        store.start();
        closing.add(store::shutdown);
        return store;
    }

    private static void append(MappedMessageStore store, int count) {
        for (int i = 0; i < count; i++) {
            AppendRequest request = new AppendRequest().reset();
            request.topic = "T";
            request.bornHostIp = new byte[] {127, 0, 0, 1};
            request.body = ByteBuffer.wrap(new byte[500]);
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        }
    }

    private ReplicationServer server(MappedMessageStore store) {
        HaConfig config = new HaConfig().haSendHeartbeatInterval(200);
        ReplicaAcks acks = new ReplicaAcks(store::commitLogMaxOffset, Long.MAX_VALUE, 1_000);
        ReplicationServer server = new ReplicationServer(store, 16384, acks, config,
                EpochFile.load(dir.resolve("master")), epoch -> { }, "127.0.0.1", 0);
        server.start();
        closing.add(server);
        return server;
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        closing.add(socket);
        return socket;
    }

    /** Reads until the peer closes; true when it did within the socket's timeout. */
    private static boolean closedByPeer(Socket socket) {
        try {
            while (socket.getInputStream().read() >= 0) {
                // Frames sent before the close are skipped.
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Test
    void masterClosesASlaveThatSendsGarbageAndServesTheNextOne() throws Exception {
        MappedMessageStore store = store("master");
        append(store, 5);
        ReplicationServer server = server(store);

        Socket bad = connect(server.port());
        bad.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
        assertThat(closedByPeer(bad)).isTrue();

        Socket good = connect(server.port());
        DataOutputStream out = new DataOutputStream(good.getOutputStream());
        TransferFrames.writeReport(out, 0, 0, 1);
        DataInputStream in = new DataInputStream(good.getInputStream());
        TransferFrames.Hello hello = TransferFrames.readHello(in);
        assertThat(hello.end()).isEqualTo(store.commitLogMaxOffset());
        TransferFrames.BatchHeader header = TransferFrames.readBatchHeader(in, 1 << 20);
        assertThat(header.startOffset()).isZero();
        assertThat(header.length()).isPositive();
    }

    @Test
    void masterClosesASlaveReportingAnOffsetInsideARecord() throws Exception {
        MappedMessageStore store = store("master");
        append(store, 5);
        ReplicationServer server = server(store);
        Socket slave = connect(server.port());
        TransferFrames.writeReport(new DataOutputStream(slave.getOutputStream()), 0, 3, 1);
        assertThat(closedByPeer(slave)).isTrue();
    }

    /** A stand-in master that accepts connections and answers each slave's first report with {@code frame}. */
    private record FakeMaster(ServerSocket socket, List<Long> reports) implements AutoCloseable {
        static FakeMaster start(byte[] frame) throws IOException {
            return start(new long[0][], frame);
        }

        /** @param hello the epoch entries the stand-in master says hello with */
        static FakeMaster start(long[][] hello, byte[] frame) throws IOException {
            return start(hello, 0, frame);
        }

        static FakeMaster start(long[][] hello, long end, byte[] frame) throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            FakeMaster fake = new FakeMaster(server, new java.util.concurrent.CopyOnWriteArrayList<>());
            Thread thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(10_000);
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        TransferFrames.writeHello(new DataOutputStream(s.getOutputStream()), hello, end);
                        fake.reports.add(TransferFrames.readReport(in, new int[1], new long[1]));
                        s.getOutputStream().write(frame);
                        s.getOutputStream().flush();
                        while (in.read() >= 0) {
                            // Until the slave hangs up.
                        }
                    } catch (IOException e) {
                        // Closed by the test, or the slave hung up.
                    }
                }
            }, "fake-master");
            thread.setDaemon(true);
            thread.start();
            return fake;
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] batch(int magic, long start, int length, byte[] bytes) throws IOException {
        return batch(magic, 0, start, length, bytes);
    }

    private static byte[] batch(int magic, int epoch, long start, int length, byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(magic);
        out.writeInt(epoch);
        out.writeLong(start);
        out.writeInt(length);
        out.write(bytes);
        return buffer.toByteArray();
    }

    private void slaveRefuses(byte[] frame, String reason) throws Exception {
        slaveRefuses(new long[0][], frame, reason);
    }

    private void slaveRefuses(long[][] hello, byte[] frame, String reason) throws Exception {
        MappedMessageStore store = store("slave");
        FakeMaster master = FakeMaster.start(hello, frame);
        closing.add(master);
        EpochFile epochs = EpochFile.load(dir.resolve("slave"));
        if (hello.length > 0) {
            // This slave followed a master at epoch 3 before.
            epochs.append(3, 0);
        }
        ReplicationClient client = new ReplicationClient(store, epochs, new HaConfig().haSendHeartbeatInterval(200), 16384,
                master::address, () -> 1);
        closing.add(client);
        client.start();
        // The slave hangs up, says why, and keeps reconnecting from its own end.
        await().atMost(WAIT).until(() -> master.reports().size() >= 2);
        assertThat(client.lastError()).contains(reason);
        assertThat(master.reports()).allMatch(offset -> offset == 0);
        assertThat(store.commitLogMaxOffset()).isZero();
    }

    @Test
    void slaveRefusesABatchThatDoesNotContinueItsLog() throws Exception {
        slaveRefuses(batch(TransferFrames.BATCH_MAGIC, 4096, 8, new byte[8]), "ends at 0");
    }

    /** A slave holding three records written at epoch 3, following a stand-in master. */
    private record EpochThreeSlave(MappedMessageStore store, EpochFile epochs, long end) {
    }

    private EpochThreeSlave epochThreeSlave() throws IOException {
        MappedMessageStore store = store("slave");
        append(store, 3);
        EpochFile epochs = EpochFile.load(dir.resolve("slave"));
        epochs.append(3, 0);
        return new EpochThreeSlave(store, epochs, store.commitLogMaxOffset());
    }

    private ReplicationClient follow(EpochThreeSlave slave, FakeMaster master) {
        closing.add(master);
        ReplicationClient client = new ReplicationClient(slave.store(), slave.epochs(),
                new HaConfig().haSendHeartbeatInterval(200), 16384, master::address, () -> 1);
        closing.add(client);
        client.start();
        return client;
    }

    @Test
    void slaveRefusesABatchOlderThanTheNewestEpochItKnows() throws Exception {
        EpochThreeSlave slave = epochThreeSlave();
        long end = slave.end();
        EpochFile epochs = slave.epochs();
        FakeMaster master = FakeMaster.start(new long[][] {{3, 0}}, 1 << 20,
                batch(TransferFrames.BATCH_MAGIC, 2, end, 0, new byte[0]));
        ReplicationClient client = follow(slave, master);
        await().atMost(WAIT).until(() -> master.reports().size() >= 2);
        assertThat(client.lastError()).contains("refusing a batch of epoch 2");
        assertThat(master.reports()).allMatch(offset -> offset == end);
        assertThat(epochs.lastEpoch()).isEqualTo(3);
    }

    @Test
    void slaveKeepsBytesOfTheMastersOwnEpochThatTheMasterLacks() throws Exception {
        EpochThreeSlave slave = epochThreeSlave();
        long end = slave.end();
        MappedMessageStore store = slave.store();
        // The master is at epoch 3 too but its log ends before this one: it lost bytes, nobody superseded them.
        ReplicationClient client = follow(slave, FakeMaster.start(new long[][] {{3, 0}}, end - 1, new byte[0]));
        await().atMost(WAIT).until(() -> client.lastError() != null);
        assertThat(client.lastError()).contains("not cutting them");
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertThat(client.cutBytes()).isZero();
    }

    @Test
    void slaveRefusesAMasterOlderThanTheNewestEpochItKnows() throws Exception {
        slaveRefuses(new long[][] {{1, 0}}, batch(TransferFrames.BATCH_MAGIC, 1, 0, 0, new byte[0]),
                "at epoch 1: this broker knows the newer epoch 3");
    }

    @Test
    void slaveRefusesANegativeLength() throws Exception {
        slaveRefuses(batch(TransferFrames.BATCH_MAGIC, 0, -5, new byte[0]), "a batch of -5 bytes");
    }

    @Test
    void slaveRefusesALengthBeyondTheLargestBatch() throws Exception {
        slaveRefuses(batch(TransferFrames.BATCH_MAGIC, 0, Integer.MAX_VALUE, new byte[0]), "at most");
    }

    @Test
    void slaveRefusesAFrameWithAWrongMagic() throws Exception {
        slaveRefuses(batch(0x11223344, 0, 0, new byte[0]), "not a replication batch");
    }

    @Test
    void slaveRefusesBytesThatAreNotRecords() throws Exception {
        slaveRefuses(batch(TransferFrames.BATCH_MAGIC, 0, 16, new byte[16]), "not whole records");
    }
}
