package io.apogee.broker.pull;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.filter.PropertyFilters;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.common.schedule.PeriodicTasks;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.InPlaceExecutor;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MessageStore;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

/**
 * The pull feature: PULL_MESSAGE and LITE_PULL_MESSAGE, pulls parked for long polling, and their expiry checked
 * every {@value #EXPIRY_CHECK_MILLIS} ms on this feature's own timer thread. Closing answers every parked pull at
 * once, so none holds a shutdown up.
 *
 * <p>With {@code pullMessageOnIoThread} (the default) a pull is answered on the I/O thread that read it, and a
 * parked pull that a new message resumes on its connection's I/O thread; the pull executor
 * ({@code pullMessageThreadPoolNums} threads) then only refuses pulls once the broker shuts down. Without it
 * both run on the pull executor. A pull reads the consume queue and slices of the commit log, which the I/O
 * thread copies into the socket either way, and takes no lock that a writer holds for long (see the
 * architecture notes for the measurements).
 */
public final class PullFeature implements AutoCloseable {

    /** How often parked pulls are checked for an expired suspend time. */
    static final long EXPIRY_CHECK_MILLIS = 1_000;
    private static final int QUEUE_CAPACITY = 10_000;

    private final PullProcessor pull;
    private final ThreadPoolExecutor executor;
    private final PeriodicTasks tasks = new PeriodicTasks("broker-pull-expiry");

    public PullFeature(RemotingServer server, int threads, boolean onIoThread, MessageStore store,
                       ClientRegistry<Connection> clients, ConsumerOffsetTable offsets, SubscriptionGroups groups,
                       PropertyFilters filters, BrokerStats stats) {
        executor = BoundedExecutor.create("broker-pull", threads, QUEUE_CAPACITY);
        Function<RequestContext, Executor> resumeOn = onIoThread
                ? context -> context.connection().channel().eventLoop() : context -> executor;
        pull = new PullProcessor(store, clients, offsets, groups, filters, resumeOn, System::currentTimeMillis, stats);
        ExecutorService pulls = onIoThread ? new InPlaceExecutor(executor, () -> true) : executor;
        server.registerProcessor(RequestCode.PULL_MESSAGE, pull, pulls);
        // The lite pull consumer sends the same header under its own code.
        server.registerProcessor(RequestCode.LITE_PULL_MESSAGE, pull, pulls);
        tasks.every(EXPIRY_CHECK_MILLIS, "parked pull expiry", pull::expireHeldPulls);
    }

    /** Sets where consumers are told to pull from; before the broker serves. */
    public void advice(PullAdvice advice) {
        pull.advice(advice);
    }

    /** The pull executor, whose queue the runtime info reports. */
    public ThreadPoolExecutor executor() {
        return executor;
    }

    /** How many pulls are parked waiting for messages, for metrics. */
    public int heldPulls() {
        return pull.heldPulls();
    }

    /** Answers every parked pull now; the broker calls this before it closes connections. */
    public void releaseHeldPulls() {
        pull.releaseHeldPulls();
    }

    @Override
    public void close() {
        tasks.close();
        pull.releaseHeldPulls();
    }
}
