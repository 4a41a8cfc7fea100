package io.apogee.client.consumer;

/** Where {@link OffsetStore#readOffset} looks for an offset. */
public enum ReadOffsetType {
    READ_FROM_MEMORY,
    READ_FROM_STORE,
    MEMORY_FIRST_THEN_STORE
}
