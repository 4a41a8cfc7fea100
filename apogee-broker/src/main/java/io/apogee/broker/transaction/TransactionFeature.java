package io.apogee.broker.transaction;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.client.ClientRegistry;
import io.apogee.common.schedule.PeriodicTasks;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * The transaction feature: rebuilds the undecided half messages from the store (before any send is
 * served), serves END_TRANSACTION on its own thread, and asks producers about half messages left
 * undecided, on this feature's own timer thread, so a round of checks delays no other feature.
 */
public final class TransactionFeature implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionFeature.class);
    /** How often pending half messages are looked at for a due check. */
    private static final long CHECK_TICK_MILLIS = 1_000;
    private static final int QUEUE_CAPACITY = 10_000;

    private final PeriodicTasks tasks = new PeriodicTasks("broker-transaction-check");
    private final TransactionCounters counters = new TransactionCounters();

    public TransactionFeature(RemotingServer server, BrokerConfig config, MessageStore store,
                              ClientRegistry<Connection> clients, PendingHalfMessages pending) {
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            if (HalfMessages.HALF_TOPIC.equals(topic)) {
                pending.dispatched(queueOffset, storeTimestamp);
            }
        });
        TransactionStore transactions = new TransactionStore(store);
        transactions.recover(pending);
        if (pending.size() > 0) {
            LOG.info("{} transaction half messages are undecided; their producers will be checked", pending.size());
        }
        ExecutorService executor = BoundedExecutor.create("broker-transaction", 1, QUEUE_CAPACITY);
        server.registerProcessor(RequestCode.END_TRANSACTION, new EndTransactionProcessor(transactions, pending, counters),
                executor);
        TransactionCheckService checks = new TransactionCheckService(transactions, pending,
                clients::producerConnections, config.brokerName(), config.transactionTimeOut(),
                config.transactionCheckInterval(), config.transactionCheckMax(), System::currentTimeMillis);
        // A slave copies its master's decisions; asking producers is the master's job, as in RocketMQ.
        if (config.ha().brokerRole().isMaster()) {
            tasks.every(Math.min(CHECK_TICK_MILLIS, config.transactionCheckInterval()), "transaction check round",
                    checks::checkDue);
        }
    }

    /** Commits and rollbacks per topic, for metrics. */
    public TransactionCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        tasks.close();
    }
}
