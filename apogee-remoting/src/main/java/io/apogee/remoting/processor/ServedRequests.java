package io.apogee.remoting.processor;

/**
 * Told of every request a server has answered, with how long it took from its arrival on the I/O thread to its
 * answer: the seam a metrics exporter times requests through, so that the remoting layer knows no metrics
 * library.
 *
 * <p>Thread safety: called from processor threads, I/O threads and whichever thread answers a parked request,
 * concurrently; implementations must be lock- and allocation-free and must not block.
 */
@FunctionalInterface
public interface ServedRequests {

    /** Nothing is timed: the default. */
    ServedRequests NONE = (requestCode, responseCode, nanos) -> { };

    /**
     * @param responseCode the answer's code, or {@link #ONEWAY} for a oneway request
     * @param nanos        from the request's arrival to its answer
     */
    void served(int requestCode, int responseCode, long nanos);

    /** The response code reported for a oneway request, which gets no answer. */
    int ONEWAY = -1;
}
