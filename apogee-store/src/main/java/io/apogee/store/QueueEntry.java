package io.apogee.store;

/**
 * One consume-queue entry: the queue offset, where its message is in the commit log, the message's size,
 * and the hash code of its tags. Immutable.
 */
public record QueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {

    /**
     * The tags code of an inner batch's entries: its messages' tags are inside the record, so every tag filter
     * passes it and the consumer filters the messages. Tag codes are int hashes; this is outside their range.
     */
    public static final long TAGS_INSIDE = Long.MIN_VALUE;
}
