package io.apogee.protocol.body;

import java.util.HashSet;
import java.util.Set;

/** The GET_PRODUCER_CONNECTION_LIST answer: a producer group's connected clients. */
public record ProducerConnection(Set<ClientConnection> connectionSet) {

    public ProducerConnection {
        connectionSet = connectionSet == null ? new HashSet<>() : connectionSet;
    }
}
