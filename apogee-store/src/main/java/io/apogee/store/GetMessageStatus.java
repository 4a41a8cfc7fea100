package io.apogee.store;

/** The outcome of reading a queue, as RocketMQ's broker distinguishes them for pull responses. */
public enum GetMessageStatus {
    /** At least one message is returned. */
    FOUND,
    /** Entries were scanned but none matched the tag filter. */
    NO_MATCHED_MESSAGE,
    /** The entries scanned point at commit-log data already deleted. */
    MESSAGE_WAS_REMOVING,
    /** The queue does not exist or is empty. */
    NO_MESSAGE_IN_QUEUE,
    /** The offset is the queue's max offset: nothing new yet (long polling waits on this). */
    OFFSET_OVERFLOW_ONE,
    /** The offset is beyond the queue's max offset. */
    OFFSET_OVERFLOW_BADLY,
    /** The offset is below the queue's min offset. */
    OFFSET_TOO_SMALL
}
