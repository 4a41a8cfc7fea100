package io.apogee.cli.bench;

import java.util.List;
import java.util.function.Function;

/**
 * Where a {@link BenchConsumer} hands the messages it received, whatever its client's message type:
 * {@code bodyOf} reads a message's body, so that no list of bodies is made per batch.
 *
 * <p>Thread safety: called on the consumer's consume or polling threads.
 */
interface Deliveries {

    <M> void received(List<M> messages, Function<? super M, byte[]> bodyOf);
}
