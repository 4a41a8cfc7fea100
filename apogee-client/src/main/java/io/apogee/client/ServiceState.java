package io.apogee.client;

/**
 * Where a producer, consumer or client instance is in its life. Start moves CREATE_JUST to
 * START_FAILED first and to RUNNING only when every step succeeded, so a failure anywhere leaves
 * START_FAILED behind; shutdown moves RUNNING to SHUTDOWN_ALREADY.
 */
public enum ServiceState {
    CREATE_JUST,
    RUNNING,
    SHUTDOWN_ALREADY,
    START_FAILED
}
