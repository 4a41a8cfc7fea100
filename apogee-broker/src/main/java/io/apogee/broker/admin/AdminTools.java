package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.ha.HaFeature;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.offset.OffsetAdminProcessor;
import io.apogee.broker.schedule.ScheduleDelivery;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.remoting.RemotingPeer;
import io.apogee.remoting.connection.Connection;
import io.apogee.store.MessageStore;
import io.apogee.store.MessageStoreConfig;

import java.io.File;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Wires the requests that only admin tools send ({@code mqadmin}'s broker, connection, statistics and
 * store commands) to their processors on the admin executor. Holds no logic of its own.
 *
 * <p>Thread safety: {@link #register} is called once by the thread that starts the broker.
 */
public final class AdminTools {

    /** What the admin processors read. */
    public record Parts(BrokerSettings settings, BrokerStats stats, MessageStore store, File storeRoot,
                        TopicTable topics, SubscriptionGroups groups, ClientRegistry<Connection> clients,
                        ConsumerOffsetTable offsets, ThreadPoolExecutor sendExecutor, ThreadPoolExecutor pullExecutor,
                        String brokerName, String brokerAddr, LongSupplier clock, HaFeature ha,
                        Supplier<String> masterHaAddress) {
    }

    private AdminTools() {
    }

    public static void register(RemotingPeer<?> server, ExecutorService adminExecutor, Parts p) {
        BrokerConfigProcessor config = new BrokerConfigProcessor(p.settings(), new RuntimeInfo(p.stats(), p.store(),
                p.storeRoot(), p.sendExecutor(), p.pullExecutor(), p.clock(),
                p.settings().values().get(MessageStoreConfig.FLUSH_DISK_TYPE), p.ha(), p.masterHaAddress()), p.clock());
        for (int code : BrokerConfigProcessor.codes()) {
            server.registerProcessor(code, config, adminExecutor);
        }
        ConnectionsProcessor connections = new ConnectionsProcessor(p.clients(), p.offsets());
        for (int code : ConnectionsProcessor.codes()) {
            server.registerProcessor(code, connections, adminExecutor);
        }
        StatsProcessor stats = new StatsProcessor(p.stats(), new ConsumeProgress(p.offsets(), p.store(), p.stats(),
                p.brokerName()), p.groups().table(), p.offsets(), p.topics(), p.clients(), p.brokerAddr());
        for (int code : StatsProcessor.codes()) {
            server.registerProcessor(code, stats, adminExecutor);
        }
        ClientRelayProcessor relay = new ClientRelayProcessor(p.clients(), p.store(), p.topics(), p.groups(),
                p.brokerName());
        for (int code : ClientRelayProcessor.codes()) {
            server.registerProcessor(code, relay, adminExecutor);
        }
        ConsumeQueueProcessor queues = new ConsumeQueueProcessor(p.store(), p.topics(), p.clients());
        for (int code : ConsumeQueueProcessor.codes()) {
            server.registerProcessor(code, queues, adminExecutor);
        }
        OffsetAdminProcessor offsets = new OffsetAdminProcessor(p.offsets(), p.store(),
                p.storeRoot().toPath().resolve("config").resolve(ScheduleDelivery.PROGRESS_FILE), p.clock());
        for (int code : OffsetAdminProcessor.codes()) {
            server.registerProcessor(code, offsets, adminExecutor);
        }
    }
}
