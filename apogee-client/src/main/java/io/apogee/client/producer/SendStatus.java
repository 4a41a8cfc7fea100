package io.apogee.client.producer;

/**
 * How a broker stored a sent message: SEND_OK, or stored but not yet as durable as asked (flush or
 * replication timed out, or the slave was not available).
 */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
