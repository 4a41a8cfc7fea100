package io.apogee.broker.registration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registers the broker with its name servers on a thread of its own: every {@code periodMillis}, and soon
 * after each {@link #requestNow()}. Requests coalesce: however many arrive while one registration runs,
 * at most one more follows it, so a burst of auto-created topics or groups costs one or two round trips,
 * and a slow or unreachable name server (3 s per attempt) never delays pull expiry, offset persistence or
 * transaction checks.
 *
 * <p>Thread safety: {@link #requestNow()} from any thread; {@link #start} and {@link #shutdown} by the owner.
 */
public final class RegistrationService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationService.class);

    private final Runnable register;
    private final long periodMillis;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-registration");
        t.setDaemon(true);
        return t;
    });

    public RegistrationService(Runnable register, long periodMillis) {
        this.register = register;
        this.periodMillis = periodMillis;
    }

    /** Registers now, on the calling thread (so routes name the broker once start returns), then periodically. */
    public void start() {
        register.run();
        thread.scheduleWithFixedDelay(this::registerLogged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a registration soon; returns at once. */
    public void requestNow() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    pending.set(false);
                    registerLogged();
                });
            } catch (RejectedExecutionException stopped) {
                pending.set(false);
            }
        }
    }

    public void shutdown() {
        thread.shutdownNow();
    }

    private void registerLogged() {
        try {
            register.run();
        } catch (RuntimeException e) {
            LOG.warn("registration with the name servers failed; the next one retries: {}", e.toString());
        }
    }
}
