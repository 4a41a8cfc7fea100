package io.apogee.store;

/**
 * One consume-queue entry: the queue offset, where its message is in the commit log, the message's size,
 * and the hash code of its tags. Immutable.
 */
public record QueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {
}
