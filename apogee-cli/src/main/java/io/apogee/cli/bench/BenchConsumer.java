package io.apogee.cli.bench;

/**
 * One client's consumer, for {@link Receiver}: it hands each batch it receives to its {@link Deliveries}.
 *
 * <p>Thread safety: used by the command's thread; {@link #assignedQueues()} also by the ticking thread.
 */
interface BenchConsumer {

    void start() throws Exception;

    /** How many queues the group's rebalance gave this consumer so far. */
    int assignedQueues();

    /** Stops consuming; the consumer commits its offsets as it shuts down. */
    void close() throws InterruptedException;
}
