package io.apogee.remoting.connection;

import io.apogee.remoting.ConnectionListener;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A slow listener may cost connect events past the bound, but never a close: locks and clients are freed on it. */
class ConnectionEventsTest {

    private final ConnectionEvents events = new ConnectionEvents("test");
    private final CountDownLatch listenerFree = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        listenerFree.countDown();
        events.shutdown(5_000);
    }

    @Test
    void closeEventsAreDeliveredEvenWhenTheQueueOverflows() {
        AtomicInteger connects = new AtomicInteger();
        Set<Connection> closed = ConcurrentHashMap.newKeySet();
        events.add(new ConnectionListener() {
            @Override
            public void onConnect(Connection connection) {
                try {
                    listenerFree.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                connects.incrementAndGet();
            }

            @Override
            public void onClose(Connection connection) {
                closed.add(connection);
            }
        });
        Connection[] connections = new Connection[100];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection(new EmbeddedChannel(), null);
        }
        int fired = ConnectionEvents.DROPPABLE_CAPACITY + 5_000;
        for (int i = 0; i < fired; i++) {
            Connection connection = connections[i % connections.length];
            events.fire("connect", connection, l -> l.onConnect(connection));
        }
        for (Connection connection : connections) {
            events.fireClose(connection);
        }

        listenerFree.countDown();
        await().until(() -> closed.size() == connections.length);
        assertThat(connects.get()).isBetween(ConnectionEvents.DROPPABLE_CAPACITY, ConnectionEvents.DROPPABLE_CAPACITY + 1);
    }
}
