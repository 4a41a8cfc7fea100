package io.apogee.remoting;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes the idle wait out of shutting down an official 5.3.3 client (producer, consumer, admin tool) in a test.
 * Its shutdown joins its {@code NettyEventExecutor} thread, which looks at its stop flag only between 3-second
 * polls of its event queue, so about one shutdown in four waits out the poll doing nothing: minutes over the
 * suite. While a test's thread is in that join, this interrupts the executors: one being stopped ends at once,
 * as it catches the interrupt and then finds its stop flag; one not being stopped catches it and polls again.
 * Only executors waiting in that poll are interrupted, never one handling an event, and nothing else: the client
 * does what it would have done, only sooner.
 *
 * <p>Registered through the service loader in the modules whose tests use the official client; {@link #run}
 * serves code that is not a test method (a tool run inside a test). Thread safety: any thread; one watcher
 * thread for the JVM, checking only threads inside a wrapped call.
 */
public final class QuickClientShutdown implements InvocationInterceptor {

    private static final String EXECUTOR_THREAD = "NettyEventExecutor";
    private static final long CHECK_MILLIS = 20;
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quick-client-shutdown");
        t.setDaemon(true);
        return t;
    });

    /** A piece of code that may throw. */
    public interface Work<T> {
        T run() throws Throwable;
    }

    /** Runs {@code work} on this thread, waking the event executor of any client it shuts down. */
    public static <T> T run(Work<T> work) throws Throwable {
        Thread caller = Thread.currentThread();
        ScheduledFuture<?> watch = WATCHER.scheduleWithFixedDelay(() -> {
            if (joiningAnExecutor(caller)) {
                wakeExecutors();
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } finally {
            watch.cancel(false);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                    ExtensionContext context) throws Throwable {
        run(invocation::proceed);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                            ExtensionContext context) throws Throwable {
        run(invocation::proceed);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        run(invocation::proceed);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                        ExtensionContext context) throws Throwable {
        run(invocation::proceed);
    }

    /** Whether {@code thread} waits in a service thread's shutdown under the remoting client's shutdown. */
    private static boolean joiningAnExecutor(Thread thread) {
        boolean inServiceShutdown = false;
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("org.apache.rocketmq.common.ServiceThread")
                    && frame.getMethodName().equals("shutdown")) {
                inServiceShutdown = true;
            } else if (inServiceShutdown) {
                return frame.getClassName().equals("org.apache.rocketmq.remoting.netty.NettyRemotingClient")
                        && frame.getMethodName().equals("shutdown");
            }
        }
        return false;
    }

    /** Interrupts the event executors that wait for an event, never one handling an event. */
    private static void wakeExecutors() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(EXECUTOR_THREAD) && waitingForAnEvent(thread)) {
                thread.interrupt();
            }
        }
    }

    private static boolean waitingForAnEvent(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.util.concurrent.LinkedBlockingQueue")
                    && frame.getMethodName().equals("poll")) {
                return true;
            }
        }
        return false;
    }
}
