package io.apogee.store;

import io.apogee.store.commitlog.CommitLog;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The store's append path: the refusals that come before any write (stopped, disk full, a failed flush), the
 * append into the commit log and what follows it (the dispatcher woken; under SYNC_FLUSH the flusher woken and
 * its force awaited), and appends written behind ({@link BehindWrites}).
 *
 * <p>Thread safety: any thread; the workers are read afresh for each append, since a truncation replaces them.
 */
final class StoreAppends {

    private final CommitLog commitLog;
    private final boolean sync;
    private final Supplier<StoreWorkers> workers;
    private final BooleanSupplier running;
    private final BehindWrites behind;

    StoreAppends(CommitLog commitLog, boolean sync, Supplier<StoreWorkers> workers, BooleanSupplier running) {
        this.commitLog = commitLog;
        this.sync = sync;
        this.workers = workers;
        this.running = running;
        this.behind = new BehindWrites(commitLog, () -> workers.get().dispatcher.appended());
    }

    AppendStatus append(AppendRequest request) {
        AppendStatus status = write(request);
        if (status != AppendStatus.PUT_OK || !sync) {
            return status;
        }
        return workers.get().flusher.await(request.endOffset);
    }

    CompletableFuture<AppendStatus> appendAsync(AppendRequest request) {
        if (sync && running.getAsBoolean() && !workers.get().flusher.admits()) {
            return CompletableFuture.completedFuture(AppendStatus.FLUSH_BACKLOG_FULL);
        }
        AppendStatus status = write(request);
        if (status != AppendStatus.PUT_OK || !sync) {
            return CompletableFuture.completedFuture(status);
        }
        return workers.get().flusher.awaitAsync(request.endOffset);
    }

    /** See {@link MessageStore#appendAsync(AppendRequest, Executor)}; under SYNC_FLUSH nothing is written behind. */
    CompletableFuture<AppendStatus> appendAsync(AppendRequest request, Executor writeBehindOn) {
        if (sync || writeBehindOn == null) {
            return appendAsync(request);
        }
        AppendStatus refused = refusal();
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        return behind.append(request, writeBehindOn);
    }

    /** Writes what appends staged and answers them; before the workers stop. */
    void writeBehind() {
        behind.write();
    }

    /** Why no append is taken now, or null. */
    private AppendStatus refusal() {
        if (!running.getAsBoolean()) {
            return AppendStatus.SERVICE_NOT_AVAILABLE;
        }
        StoreWorkers w = workers.get();
        if (w.retention.diskFull()) {
            return AppendStatus.DISK_FULL;
        }
        if (w.flusher.failed()) {
            return AppendStatus.FLUSH_FAILED;
        }
        return null;
    }

    private AppendStatus write(AppendRequest request) {
        AppendStatus refused = refusal();
        if (refused != null) {
            return refused;
        }
        StoreWorkers w = workers.get();
        AppendStatus status = commitLog.append(request);
        if (status == AppendStatus.PUT_OK) {
            if (sync) {
                w.flusher.wakeUp();
            } else {
                w.dispatcher.appended();
            }
        }
        return status;
    }
}
