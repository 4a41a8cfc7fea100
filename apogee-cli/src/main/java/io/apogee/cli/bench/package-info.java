/**
 * {@code apogee bench}: one command class per mode (produce, consume, e2e) over shared parts: the sending
 * load and the receiving consumer, the message body that carries a run id, a sequence number and the send
 * time, lock-free sets of sequence numbers, HdrHistogram latencies, a rate limiter, the one-second ticker
 * and the report. Only the producer and consumer depend on the client library: a {@link
 * io.apogee.cli.bench.ClientDriver} makes them with Apogee's client or the official one.
 */
package io.apogee.cli.bench;
