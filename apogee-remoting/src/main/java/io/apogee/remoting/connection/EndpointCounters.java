package io.apogee.remoting.connection;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the failures an endpoint answered or absorbed on its own, so that overload and bad peers
 * show up in metrics rather than only in logs. Each counter is bumped where the event happens and
 * costs one uncontended add; an exporter reads the sums from any thread.
 *
 * <p>Thread safety: lock-free; bump and read from any thread.
 */
public final class EndpointCounters {

    private final LongAdder malformedFrames = new LongAdder();
    private final LongAdder busyRejections = new LongAdder();
    private final LongAdder unsupportedCodes = new LongAdder();
    private final LongAdder processorFailures = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder requestTimeouts = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder connectionsRefusedPerAddress = new LongAdder();
    private final LongAdder oversizedFrames = new LongAdder();
    private final LongAdder frameTimeouts = new LongAdder();
    private final LongAdder firstFrameTimeouts = new LongAdder();
    private final LongAdder requestsInFlightRefusals = new LongAdder();
    private final LongAdder readPauses = new LongAdder();

    /** Connections closed because a peer sent bytes that are not a frame. */
    public long malformedFrames() {
        return malformedFrames.sum();
    }

    /** Requests answered SYSTEM_BUSY: executor queue full or shutting down. */
    public long busyRejections() {
        return busyRejections.sum();
    }

    /** Requests answered REQUEST_CODE_NOT_SUPPORTED (or dropped, if oneway). */
    public long unsupportedCodes() {
        return unsupportedCodes.sum();
    }

    /** Requests with a missing or malformed header field, answered SYSTEM_ERROR with the reason. */
    public long badRequests() {
        return badRequests.sum();
    }

    /** Requests whose processor or hook failed unexpectedly, answered SYSTEM_ERROR. */
    public long processorFailures() {
        return processorFailures.sum();
    }

    /** Requests this endpoint sent that got no response in time. */
    public long requestTimeouts() {
        return requestTimeouts.sum();
    }

    /** Connections closed at accept because the server had its total of connections open. */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** Connections closed at accept because their source address had its limit of connections open. */
    public long connectionsRefusedPerAddress() {
        return connectionsRefusedPerAddress.sum();
    }

    /** Connections closed because a frame's length was above the frame-size limit (also counted malformed). */
    public long oversizedFrames() {
        return oversizedFrames.sum();
    }

    /** Connections closed because a begun frame was not completed in time (also counted malformed). */
    public long frameTimeouts() {
        return frameTimeouts.sum();
    }

    /** Connections closed because no complete frame arrived within the first-frame deadline after connecting. */
    public long firstFrameTimeouts() {
        return firstFrameTimeouts.sum();
    }

    /** Requests answered SYSTEM_BUSY because their connection had its limit of requests in progress (also busy). */
    public long requestsInFlightRefusals() {
        return requestsInFlightRefusals.sum();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void connectionRefusedPerAddress() {
        connectionsRefusedPerAddress.increment();
    }

    void oversizedFrame() {
        oversizedFrames.increment();
    }

    void frameTimeout() {
        frameTimeouts.increment();
    }

    void firstFrameTimeout() {
        firstFrameTimeouts.increment();
    }

    /**
     * Times a connection's reads were paused because the request bytes it had waiting for processors passed
     * its bound (serverQueuedRequestBytesPerConnectionMax).
     */
    public long readPauses() {
        return readPauses.sum();
    }

    public void readPause() {
        readPauses.increment();
    }

    public void requestsInFlightRefusal() {
        requestsInFlightRefusals.increment();
    }

    void malformedFrame() {
        malformedFrames.increment();
    }

    public void busyRejection() {
        busyRejections.increment();
    }

    public void unsupportedCode() {
        unsupportedCodes.increment();
    }

    public void badRequest() {
        badRequests.increment();
    }

    public void processorFailure() {
        processorFailures.increment();
    }

    void requestTimeout() {
        requestTimeouts.increment();
    }
}
