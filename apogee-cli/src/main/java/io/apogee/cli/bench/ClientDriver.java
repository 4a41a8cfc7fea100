package io.apogee.cli.bench;

import io.apogee.protocol.body.ConsumeFromWhere;

/**
 * The client library a bench run measures through: it only makes the producer and the consumer, so that the
 * load, the clocks, the histograms and the accounting around them are the same whichever client sends and
 * receives ({@code --client}).
 *
 * <p>Thread safety: called by the command's thread, before the load starts.
 */
interface ClientDriver {

    /**
     * A started producer of {@code topic} as {@code options} say, its route learned and its broker connections
     * open, so that neither is part of the measured sends.
     */
    BenchProducer producer(SendOptions options, String topic, String group, String instance) throws Exception;

    /** A consumer of {@code topic} in {@code group} that hands what it receives to {@code sink}; not yet started. */
    BenchConsumer consumer(ReceiveOptions options, String topic, String group, String instance,
                           ConsumeFromWhere from, long fromTimestampMillis, Deliveries sink) throws Exception;
}
