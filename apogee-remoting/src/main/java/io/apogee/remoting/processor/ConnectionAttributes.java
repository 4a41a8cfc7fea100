package io.apogee.remoting.processor;

import io.apogee.remoting.connection.Connection;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

import java.util.function.Supplier;

/** Per-connection counters kept on the connection's channel, created by whichever thread needs one first. */
final class ConnectionAttributes {

    private ConnectionAttributes() {
    }

    /** The connection's value under {@code key}, set to a fresh one if none; any thread. */
    static <T> T getOrCreate(Connection connection, AttributeKey<T> key, Supplier<T> fresh) {
        Attribute<T> attribute = connection.channel().attr(key);
        T value = attribute.get();
        if (value == null) {
            T created = fresh.get();
            value = attribute.setIfAbsent(created);
            if (value == null) {
                value = created;
            }
        }
        return value;
    }
}
