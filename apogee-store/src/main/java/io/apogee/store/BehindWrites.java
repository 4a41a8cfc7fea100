package io.apogee.store;

import io.apogee.store.commitlog.CommitLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Appends written behind, under ASYNC_FLUSH: each is staged in the commit log ({@link CommitLog#appendBehind}) and
 * its future waits; the first to wait hands one write of everything staged to the caller's executor (an I/O
 * thread's event loop, which runs it after the reads it is handling), and that write completes every future
 * waiting before it. So the sends one wake-up of an I/O thread reads cost one positional write, not one each,
 * and none is answered before its bytes are in the page cache.
 *
 * <p>Thread safety: any thread; the list of waiters is guarded by this object's monitor.
 */
final class BehindWrites {

    private final CommitLog commitLog;
    private final Runnable onWritten;
    private List<CompletableFuture<AppendStatus>> waiting = new ArrayList<>();

    /**
     * @param onWritten run after staged records were written (wakes the dispatcher)
     */
    BehindWrites(CommitLog commitLog, Runnable onWritten) {
        this.commitLog = commitLog;
        this.onWritten = onWritten;
    }

    /** Stages the request; the future completes when its records are written, or with the refusal. */
    CompletableFuture<AppendStatus> append(AppendRequest request, Executor writeOn) {
        AppendStatus status = commitLog.appendBehind(request);
        if (status != AppendStatus.PUT_OK) {
            return CompletableFuture.completedFuture(status);
        }
        CompletableFuture<AppendStatus> written = new CompletableFuture<>();
        boolean first;
        synchronized (this) {
            first = waiting.isEmpty();
            waiting.add(written);
        }
        if (first) {
            try {
                writeOn.execute(this::write);
            } catch (RejectedExecutionException e) {
                write();
            }
        }
        return written;
    }

    /**
     * Writes everything staged and completes every future that waited for it. The waiters are taken before the
     * write: each was staged before it was added, so the write covers all of them.
     */
    void write() {
        List<CompletableFuture<AppendStatus>> done;
        synchronized (this) {
            done = waiting;
            waiting = new ArrayList<>(done.size());
        }
        AppendStatus status = commitLog.writeBehind();
        if (status == AppendStatus.PUT_OK) {
            onWritten.run();
        }
        for (CompletableFuture<AppendStatus> future : done) {
            future.complete(status);
        }
    }
}
