package io.apogee.it;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.schedule.DelayOffsetFile;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.timer.TimerIndexFile;
import io.apogee.broker.topic.TopicTable;
import io.apogee.client.consumer.LocalFileOffsetStore;
import io.apogee.client.consumer.ReadOffsetType;
import io.apogee.namesrv.kv.KvConfigStore;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.store.recovery.Checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/**
 * Every kind of state file Apogee replaces, each written through its real writer with a version number and
 * read back through its real reader: what {@link StateFileCrashTest} kills a writer in the middle of.
 */
enum StateFile {

    TOPICS(StateFile::writeTopic, dir -> highestPresent("V", topics(dir)::get)),
    SUBSCRIPTION_GROUPS((dir, version) -> groups(dir).put(SubscriptionGroupConfig.defaults("G" + version)),
            dir -> highestPresent("G", groups(dir)::get)),
    DELAY_OFFSETS(DelayOffsetFile::write, DelayOffsetFile::read),
    TIMER_INDEX(TimerIndexFile::write, TimerIndexFile::read),
    CONSUMER_OFFSETS(StateFile::writeConsumerOffset,
            dir -> Math.max(0, new ConsumerOffsetTable(dir.resolve("consumerOffset.json")).query("g", "t", 0))),
    KV_CONFIG((dir, version) -> new KvConfigStore(dir.resolve("kvConfig.json")).put("ns", "k", Long.toString(version)),
            StateFile::readKvConfig),
    CHECKPOINT((dir, version) -> new Checkpoint(version, version, version).write(dir), StateFile::readCheckpoint),
    CLIENT_OFFSETS(StateFile::writeClientOffset, StateFile::readClientOffset);

    private static final MessageQueue CLIENT_QUEUE = new MessageQueue("t", "b", 0);

    private final Writer writer;
    private final Reader reader;

    StateFile(Writer writer, Reader reader) {
        this.writer = writer;
        this.reader = reader;
    }

    /** Writes version {@code version} (1, 2, ...) of this file under {@code dir}. */
    void write(Path dir, long version) throws IOException {
        writer.write(dir, version);
    }

    /** The version the file under {@code dir} holds, 0 before the first; throws when it cannot be read. */
    long read(Path dir) throws IOException {
        return reader.read(dir);
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path dir, long version) throws IOException;
    }

    @FunctionalInterface
    private interface Reader {
        long read(Path dir) throws IOException;
    }

    /** For tables that gain one named entry per version: the highest n with every entry 1..n present. */
    private static long highestPresent(String prefix, Function<String, Object> lookup) {
        long highest = 0;
        while (lookup.apply(prefix + (highest + 1)) != null) {
            highest++;
        }
        return highest;
    }

    private static TopicTable topics(Path dir) {
        return new TopicTable(dir.resolve("topics.json"), "c", "b", false, 1);
    }

    private static void writeTopic(Path dir, long version) {
        topics(dir).put(TopicConfig.of("V" + version, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE));
    }

    private static SubscriptionGroupTable groups(Path dir) {
        return new SubscriptionGroupTable(dir.resolve("subscriptionGroup.json"));
    }

    private static void writeConsumerOffset(Path dir, long version) {
        ConsumerOffsetTable table = new ConsumerOffsetTable(dir.resolve("consumerOffset.json"));
        table.commit("g", "t", 0, version);
        table.persist();
    }

    private static long readKvConfig(Path dir) {
        String value = new KvConfigStore(dir.resolve("kvConfig.json")).get("ns", "k");
        return value == null ? 0 : Long.parseLong(value);
    }

    private static long readCheckpoint(Path dir) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(dir);
        if (checkpoint == null) {
            return 0;
        }
        if (checkpoint.dispatchedOffset() != checkpoint.timestamp()) {
            throw new IllegalStateException("a checkpoint mixing two writes: " + checkpoint);
        }
        return checkpoint.timestamp();
    }

    private static void writeClientOffset(Path dir, long version) {
        LocalFileOffsetStore store = new LocalFileOffsetStore(dir.toString(), "client", "group");
        store.updateOffset(CLIENT_QUEUE, version, false);
        store.persistAll(Set.of(CLIENT_QUEUE));
    }

    private static long readClientOffset(Path dir) {
        LocalFileOffsetStore store = new LocalFileOffsetStore(dir.toString(), "client", "group");
        store.load();
        return Math.max(0, store.readOffset(CLIENT_QUEUE, ReadOffsetType.READ_FROM_STORE));
    }

    /**
     * The child process: writes versions 1, 2, ... of one kind of file for ever, printing each version once
     * its write has returned, until it is killed.
     */
    public static void main(String[] args) throws IOException {
        StateFile file = valueOf(args[0]);
        Path dir = Path.of(args[1]);
        System.out.println("ready");
        System.out.flush();
        for (long version = 1; ; version++) {
            file.write(dir, version);
            System.out.println(version);
            System.out.flush();
        }
    }
}
