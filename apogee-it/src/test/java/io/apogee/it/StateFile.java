package io.apogee.it;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.client.consumer.LocalFileOffsetStore;
import io.apogee.client.consumer.ReadOffsetType;
import io.apogee.namesrv.kv.KvConfigStore;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.store.recovery.Checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Every kind of state file Apogee replaces, each written through its real writer with a version number and
 * read back through its real reader: what {@link StateFileCrashTest} kills a writer in the middle of.
 */
enum StateFile {

    TOPICS {
        @Override
        void write(Path dir, long version) {
            topics(dir).put(TopicConfig.of("V" + version, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE));
        }

        @Override
        long read(Path dir) {
            TopicTable table = topics(dir);
            long highest = 0;
            while (table.get("V" + (highest + 1)) != null) {
                highest++;
            }
            return highest;
        }

        private TopicTable topics(Path dir) {
            return new TopicTable(dir.resolve("topics.json"), "c", "b", false, 1);
        }
    },
    CONSUMER_OFFSETS {
        @Override
        void write(Path dir, long version) {
            ConsumerOffsetTable table = new ConsumerOffsetTable(dir.resolve("consumerOffset.json"));
            table.commit("g", "t", 0, version);
            table.persist();
        }

        @Override
        long read(Path dir) {
            return Math.max(0, new ConsumerOffsetTable(dir.resolve("consumerOffset.json")).query("g", "t", 0));
        }
    },
    KV_CONFIG {
        @Override
        void write(Path dir, long version) {
            new KvConfigStore(dir.resolve("kvConfig.json")).put("ns", "k", Long.toString(version));
        }

        @Override
        long read(Path dir) {
            String value = new KvConfigStore(dir.resolve("kvConfig.json")).get("ns", "k");
            return value == null ? 0 : Long.parseLong(value);
        }
    },
    CHECKPOINT {
        @Override
        void write(Path dir, long version) throws IOException {
            new Checkpoint(version, version, version).write(dir);
        }

        @Override
        long read(Path dir) throws IOException {
            Checkpoint checkpoint = Checkpoint.read(dir);
            if (checkpoint == null) {
                return 0;
            }
            if (checkpoint.dispatchedOffset() != checkpoint.timestamp()) {
                throw new IllegalStateException("a checkpoint mixing two writes: " + checkpoint);
            }
            return checkpoint.timestamp();
        }
    },
    CLIENT_OFFSETS {
        private final MessageQueue queue = new MessageQueue("t", "b", 0);

        @Override
        void write(Path dir, long version) {
            LocalFileOffsetStore store = new LocalFileOffsetStore(dir.toString(), "client", "group");
            store.updateOffset(queue, version, false);
            store.persistAll(Set.of(queue));
        }

        @Override
        long read(Path dir) {
            LocalFileOffsetStore store = new LocalFileOffsetStore(dir.toString(), "client", "group");
            store.load();
            return Math.max(0, store.readOffset(queue, ReadOffsetType.READ_FROM_STORE));
        }
    };

    /** Writes version {@code version} (1, 2, ...) of this file under {@code dir}. */
    abstract void write(Path dir, long version) throws IOException;

    /** The version the file under {@code dir} holds, 0 before the first; throws when it cannot be read. */
    abstract long read(Path dir) throws IOException;

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
