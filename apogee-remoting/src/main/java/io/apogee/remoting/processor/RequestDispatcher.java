package io.apogee.remoting.processor;

import io.apogee.common.log.LogText;
import io.apogee.common.log.OffenderLog;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.connection.EndpointCounters;
import io.apogee.remoting.connection.HookChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each incoming request from its I/O thread to the executor of its processor, and answers on
 * the spot what needs no processor: REQUEST_CODE_NOT_SUPPORTED for codes nobody serves,
 * SYSTEM_BUSY when the executor's queue is full or the endpoint is shutting down. It also counts the
 * requests in progress so that shutdown can wait for them.
 *
 * <pre>
 * I/O thread: dispatch ─► lookup ─► connection's requests fit? ─► request bytes fit? ─► executor.execute ──(rejected)──► SYSTEM_BUSY
 *                                        └──(no)──► SYSTEM_BUSY        ├──(not in total)──► SYSTEM_BUSY
 *                                                                       └──(not in the connection's)──► admitted, reads paused
 * executor:   guard.check ─► hooks.beforeRequest ─► processor.process ─► context.respond (now or later)
 *                  └──(refused)──► the guard's response code and remark, one log line per interval
 *                                          └──(throws)──► SYSTEM_ERROR + counted error + log line
 * </pre>
 *
 * <p>One error path: a failure becomes an error reply to that one request and a counted error. Bad input
 * ({@link ProtocolException}: a missing or malformed header field) is logged without a stack trace and
 * other failures with one, each kind at most once per interval with a count of the rest; a request code
 * nobody serves is logged once per code, with the peer and its client version.
 *
 * <p>Thread safety: {@link #dispatch} runs on I/O threads, the rest on processor threads; the state
 * is an atomic counter and a volatile flag.
 */
public final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final ProcessorRegistry processors;
    private final HookChain hooks;
    private final EndpointCounters counters;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final RateLimitedLog badRequests = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog bytesRefusals = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog readPauses = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog guardRefusals = new RateLimitedLog(LOG, 10_000);
    private final UnsupportedCodes unsupported = new UnsupportedCodes(LOG);
    private final OffenderLog inFlightOffenders = new OffenderLog(LOG);
    /** Why requests are refused now (SYSTEM_BUSY), or null while they are served. */
    private volatile ServedRequests served = ServedRequests.NONE;
    private volatile String refusal;
    private volatile QueuedRequestBytes queuedBytes = QueuedRequestBytes.UNBOUNDED;
    private volatile RequestsPerConnection perConnection = RequestsPerConnection.UNBOUNDED;
    /** Checks every served request before its processor; null (the default) costs one read per request. */
    private volatile RequestGuard guard;

    public RequestDispatcher(ProcessorRegistry processors, HookChain hooks, EndpointCounters counters) {
        this.processors = processors;
        this.hooks = hooks;
        this.counters = counters;
    }

    /**
     * Called on the I/O thread for every request. Never waits, except through an {@link InPlaceExecutor} whose
     * condition holds, which runs the processor here.
     */
    public void dispatch(Connection connection, RemotingCommand request) {
        ProcessorRegistry.Binding binding = processors.lookup(request.code());
        if (binding == null) {
            counters.unsupportedCode();
            unsupported.seen(request.code(), connection.remoteAddress(), request.version());
            reply(connection, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not supported");
            return;
        }
        String refused = refusal;
        if (refused != null) {
            counters.busyRejection();
            reply(connection, request, ResponseCode.SYSTEM_BUSY, refused);
            return;
        }
        RequestsPerConnection requests = perConnection;
        if (!requests.tryAcquire(connection)) {
            counters.busyRejection();
            counters.requestsInFlightRefusal();
            inFlightOffenders.warn(connection.remoteHost(), "answering SYSTEM_BUSY to {}: its connection has {} requests"
                    + " in progress, the limit (serverRequestsInFlightPerConnectionMax)", connection.remoteAddress(),
                    requests.max());
            reply(connection, request, ResponseCode.SYSTEM_BUSY,
                    "too many requests in progress on this connection, try again later");
            return;
        }
        int bytes = request.bodyLength();
        QueuedRequestBytes queued = queuedBytes;
        QueuedRequestBytes.Admission admission = queued.tryAdd(connection, bytes);
        if (admission == QueuedRequestBytes.Admission.ADMITTED_PAUSED) {
            counters.readPause();
            readPauses.info("pausing reads from {}: its requests waiting for processors passed the connection's"
                    + " bound of request bytes; reading resumes when half of them are done", connection.remoteAddress());
        } else if (admission == QueuedRequestBytes.Admission.REFUSED) {
            requests.release(connection);
            counters.busyRejection();
            bytesRefusals.warn("answering SYSTEM_BUSY to {}: its request of {} bytes does not fit the request bytes"
                    + " waiting for processors ({} bytes on all connections now)", connection.remoteAddress(), bytes,
                    queued.total());
            reply(connection, request, ResponseCode.SYSTEM_BUSY,
                    "too many request bytes queued, try again later");
            return;
        }
        RequestContext context = new RequestContext(connection, request, this);
        inProgress.incrementAndGet();
        Executor executor = binding.executor();
        try {
            if (executor instanceof InPlaceExecutor inPlace && inPlace.runsHere()) {
                run(binding.processor(), context, queued, bytes);
            } else {
                // Another thread runs it, after the memory a lent body points to may be reused.
                request.ownBody();
                (executor instanceof InPlaceExecutor here ? here.pool() : executor)
                        .execute(() -> run(binding.processor(), context, queued, bytes));
            }
        } catch (RejectedExecutionException e) {
            queued.release(connection, bytes);
            requests.release(connection);
            inProgress.decrementAndGet();
            counters.busyRejection();
            reply(connection, request, ResponseCode.SYSTEM_BUSY,
                    "too many requests of code " + request.code() + " queued, try again later");
        }
    }

    /** Runs the processor, then releases the request's {@code bytes}, whatever happened, before answering. */
    private void run(RequestProcessor processor, RequestContext context, QueuedRequestBytes queued, int bytes) {
        RemotingCommand request = context.request();
        RemotingCommand response;
        try {
            try {
                RequestGuard g = guard;
                if (g != null) {
                    g.check(context.remoteAddress(), request);
                }
                hooks.beforeRequest(context.remoteAddress(), request);
                response = processor.process(context, request);
            } finally {
                // Counted until the processor returns, not only until it starts: a running request holds
                // its body too, and nothing counted can then depend on when a thread wakes. Released
                // before the answer goes out, so a peer that waits for it finds its room free again.
                queued.release(context.connection(), bytes);
            }
        } catch (RequestRefusedException e) {
            counters.badRequest();
            guardRefusals.warn("refused request code {} from {}: {}", request.code(), context.remoteAddress(),
                    LogText.escape(e.getMessage()));
            if (!context.isAnswered()) {
                context.respond(RemotingCommand.responseTo(request, e.responseCode(), e.getMessage()));
            }
            return;
        } catch (ProtocolException e) {
            // Bad input: the peer is told why; one line per interval, no stack trace.
            counters.badRequest();
            badRequests.warn("bad request code {} from {}: {}", request.code(), context.remoteAddress(),
                    LogText.escape(e.getMessage()));
            answerError(context, e);
            return;
        } catch (Exception e) {
            counters.processorFailure();
            failures.warn("request code {} from {} failed: {}", request.code(), context.remoteAddress(),
                    LogText.escape(e.toString()), e);
            answerError(context, e);
            return;
        } catch (Error e) {
            counters.processorFailure();
            answerError(context, e);
            throw e;
        }
        if (response != null) {
            context.respond(response);
        } else if (request.isOneway()) {
            context.finishOneway();
        }
    }

    private static void answerError(RequestContext context, Throwable e) {
        if (context.isAnswered()) {
            return;
        }
        String remark = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        context.respond(RemotingCommand.responseTo(context.request(), ResponseCode.SYSTEM_ERROR, remark));
    }

    private static void reply(Connection connection, RemotingCommand request, int code, String remark) {
        if (!request.isOneway()) {
            connection.send(RemotingCommand.responseTo(request, code, remark));
        }
    }

    /** From now on checks every served request with {@code guard} before its processor runs; set it before serving. */
    public void guard(RequestGuard guard) {
        this.guard = guard;
    }

    /** From now on tells {@code served} of every answered request; set it before serving. */
    public void timeRequests(ServedRequests served) {
        this.served = served;
    }

    ServedRequests served() {
        return served;
    }

    HookChain hooks() {
        return hooks;
    }

    /** Gives back the connection's place for one more request in progress. */
    void releasePlace(Connection connection) {
        perConnection.release(connection);
    }

    /** Counts a request done, giving back its connection's place too when {@code placeHeld}. */
    void finished(Connection connection, boolean placeHeld) {
        if (placeHeld) {
            perConnection.release(connection);
        }
        inProgress.decrementAndGet();
    }

    /** Requests handed to processors and not yet answered. */
    public int inProgress() {
        return inProgress.get();
    }

    /** Bounds the request bytes waiting for or in processors; set once by the server before it starts. */
    public void limitQueuedBytes(QueuedRequestBytes limit) {
        queuedBytes = limit;
    }

    /**
     * Bounds the requests of one connection in progress at once; past it a request is answered SYSTEM_BUSY.
     * Set once by the server before it starts.
     */
    public void limitRequestsPerConnection(int max) {
        perConnection = new RequestsPerConnection(max);
    }

    /** Request body bytes waiting in executor queues or being processed. */
    public long queuedBytes() {
        return queuedBytes.total();
    }

    /** From now on every request is answered SYSTEM_BUSY. */
    public void stopAccepting() {
        refusal = "shutting down, try another server";
    }

    /**
     * Until {@link #startAccepting()}, every request is answered SYSTEM_BUSY (which clients retry):
     * for a server that must listen, to learn its port, before it is ready to serve.
     */
    public void holdUntilReady() {
        refusal = "starting, try again in a moment";
    }

    /** Serves requests from now on (after {@link #holdUntilReady()}). */
    public void startAccepting() {
        refusal = null;
    }

    /** Waits until no request is in progress or the deadline ({@link System#nanoTime()}) passes. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (inProgress.get() > 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            // Shutdown only: a short poll is simpler than a condition signalled on every request.
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
