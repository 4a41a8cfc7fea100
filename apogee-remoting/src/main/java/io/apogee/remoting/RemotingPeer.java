package io.apogee.remoting;

import io.apogee.remoting.codec.PartialFrameBudget;
import io.apogee.remoting.connection.Endpoint;
import io.apogee.remoting.connection.EndpointCounters;
import io.apogee.remoting.processor.RequestGuard;
import io.apogee.remoting.processor.RequestProcessor;

import java.util.concurrent.ExecutorService;

/**
 * What a remoting server and a remoting client offer alike, as either side may serve requests arriving
 * on its connections: processors per request code, hooks around every request, listeners of connection
 * events, and counters of the failures it handled itself. Holds the validated copy of the side's
 * settings and the {@link Endpoint} built from them.
 *
 * <p>Thread safety: register processors, hooks and listeners before the side starts; {@link #counters()}
 * from any thread.
 *
 * @param <C> the side's configuration type
 */
public abstract class RemotingPeer<C extends ConnectionSettings<C>> {

    protected final C config;
    protected final Endpoint endpoint;

    /**
     * @param config                     a validated copy, owned from now on
     * @param pauseReadingWhenUnwritable whether a connection stops reading while its writes back up
     */
    protected RemotingPeer(C config, boolean pauseReadingWhenUnwritable) {
        this.config = config;
        this.endpoint = new Endpoint(config.name(), config.maxFrameLength(), config.idleTimeMillis(),
                config.frameCompleteTimeoutMillis(), config.partialFrameBytesMax(), config.onewayPermits(),
                config.asyncPermits(), pauseReadingWhenUnwritable);
    }

    /** Serves requests of {@code code} with {@code processor} on {@code executor}, which this side now owns. */
    public void registerProcessor(int code, RequestProcessor processor, ExecutorService executor) {
        endpoint.processors().register(code, processor, executor);
    }

    /** Serves every code without its own processor; without a default such codes get REQUEST_CODE_NOT_SUPPORTED. */
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        endpoint.processors().registerDefault(processor, executor);
    }

    /** Bytes held by frames being received on all connections, against the partial-frame budget. */
    public PartialFrameBudget partialFrames() {
        return endpoint.partialFrames();
    }

    /** Failures this side answered or absorbed itself: malformed frames, busy and unsupported answers, timeouts. */
    public EndpointCounters counters() {
        return endpoint.counters();
    }

    /** Checks every request this side serves with {@code guard} before its processor runs; set before start. */
    public void guard(RequestGuard guard) {
        endpoint.dispatcher().guard(guard);
    }

    /** Every request code with a processor of its own, ascending. */
    public int[] servedCodes() {
        return endpoint.processors().codes();
    }

    public void addHook(RpcHook hook) {
        endpoint.hooks().add(hook);
    }

    public void addListener(ConnectionListener listener) {
        endpoint.events().add(listener);
    }
}
