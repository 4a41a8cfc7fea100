package io.apogee.broker.ha;

/** A broker's place in its group, RocketMQ's {@code brokerRole}. */
public enum BrokerRole {
    /** Answers a send after its own append (and flush under SYNC_FLUSH); slaves copy later. */
    ASYNC_MASTER,
    /** Answers SEND_OK only once every in-sync slave holds the message. */
    SYNC_MASTER,
    /** Copies its master's commit log and configuration; refuses sends. */
    SLAVE;

    public boolean isMaster() {
        return this != SLAVE;
    }

    static BrokerRole parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not ASYNC_MASTER, SYNC_MASTER or SLAVE", e);
        }
    }
}
