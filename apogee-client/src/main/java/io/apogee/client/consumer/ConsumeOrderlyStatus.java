package io.apogee.client.consumer;

/** What an orderly listener says about the messages it was given. */
public enum ConsumeOrderlyStatus {
    /** Consumed; the offset moves past them. */
    SUCCESS,
    /** Failed; stop this queue for a moment and give the same messages again, keeping the order. */
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}
