package io.apogee.broker.offset;

import io.apogee.common.schedule.PeriodicTasks;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/**
 * The consumer-offset feature: the committed-offset table, QUERY_CONSUMER_OFFSET and
 * UPDATE_CONSUMER_OFFSET on their own thread (as RocketMQ's consumer-manage pool), and the table written
 * to disk every {@value #PERSIST_MILLIS} ms on this feature's own timer thread, so a slow disk delays
 * nothing else. Closing writes the table a last time.
 */
public final class OffsetFeature implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetFeature.class);
    /** How often committed offsets are written to disk, as RocketMQ's flushConsumerOffsetInterval. */
    static final long PERSIST_MILLIS = 5_000;
    private static final int QUEUE_CAPACITY = 10_000;

    private final ConsumerOffsetTable offsets;
    private final PeriodicTasks tasks = new PeriodicTasks("broker-offset-persist");

    public OffsetFeature(RemotingServer server, MessageStore store, Path file) {
        this.offsets = new ConsumerOffsetTable(file);
        ExecutorService executor = BoundedExecutor.create("broker-offset", 1, QUEUE_CAPACITY);
        ConsumerOffsetProcessor processor = new ConsumerOffsetProcessor(offsets, store);
        server.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, processor, executor);
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, processor, executor);
        tasks.every(PERSIST_MILLIS, "consumer offset persistence", offsets::persist);
    }

    /** The committed offsets, which pulls, resets and the admin codes also read and write. */
    public ConsumerOffsetTable table() {
        return offsets;
    }

    /** Stops the periodic writes and writes the table once more; a failure is logged, not thrown. */
    @Override
    public void close() {
        tasks.close();
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            LOG.error("cannot write the consumer offsets at shutdown; commits since the last write are lost", e);
        }
    }
}
