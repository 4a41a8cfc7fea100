package io.apogee.store.flush;

import io.apogee.store.AppendStatus;

import java.util.concurrent.CompletableFuture;

/** An asynchronous SYNC_FLUSH append waiting for the force that covers {@code offset}. */
record PendingFlush(long offset, long deadlineNanos, CompletableFuture<AppendStatus> future) {
}
