package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.remoting.RemotingPeer;
import io.apogee.remoting.connection.Connection;
import io.apogee.store.MessageStore;

import java.io.File;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;

/**
 * Wires the requests that only admin tools send ({@code mqadmin}'s broker, connection, statistics and
 * store commands) to their processors on the admin executor. Holds no logic of its own.
 *
 * <p>Thread safety: {@link #register} is called once by the thread that starts the broker.
 */
public final class AdminTools {

    /** What the admin processors read. */
    public record Parts(BrokerSettings settings, BrokerStats stats, MessageStore store, File storeRoot,
                        ClientRegistry<Connection> clients, ConsumerOffsetTable offsets,
                        ThreadPoolExecutor sendExecutor, ThreadPoolExecutor pullExecutor, LongSupplier clock) {
    }

    private AdminTools() {
    }

    public static void register(RemotingPeer<?> server, ExecutorService adminExecutor, Parts p) {
        BrokerConfigProcessor config = new BrokerConfigProcessor(p.settings(), new RuntimeInfo(p.stats(), p.store(),
                p.storeRoot(), p.sendExecutor(), p.pullExecutor(), p.clock()), p.clock());
        for (int code : BrokerConfigProcessor.codes()) {
            server.registerProcessor(code, config, adminExecutor);
        }
        ConnectionsProcessor connections = new ConnectionsProcessor(p.clients(), p.offsets());
        for (int code : ConnectionsProcessor.codes()) {
            server.registerProcessor(code, connections, adminExecutor);
        }
    }
}
