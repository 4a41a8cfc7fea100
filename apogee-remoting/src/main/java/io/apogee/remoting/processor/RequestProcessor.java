package io.apogee.remoting.processor;

import io.apogee.protocol.command.RemotingCommand;

/**
 * Serves the requests of one or more request codes. It runs on the executor it was registered with: a
 * bounded pool, where it may block on disk or locks, or an {@link InPlaceExecutor}, which runs it on the I/O
 * thread while its condition holds, where it must not block.
 *
 * <p>Answer synchronously by returning the response; or return {@code null} and answer later, from
 * any thread, with {@link RequestContext#respond} (the broker's long-polling pulls do this). For a
 * oneway request, return {@code null}: nothing is sent back. A response's opaque, response flag and
 * serialize type are set from the request, so {@code RemotingCommand.responseTo(...)} and a plain
 * command both work.
 *
 * <p>A processor that throws gets SYSTEM_ERROR sent back with the exception's message as remark.
 *
 * <p>Thread safety: called concurrently by the executor's threads; implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface RequestProcessor {

    RemotingCommand process(RequestContext context, RemotingCommand request) throws Exception;
}
