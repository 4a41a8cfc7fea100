package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.query.QueryProcessor;
import io.apogee.broker.subscription.OffsetResetProcessor;
import io.apogee.broker.subscription.SubscriptionGroupProcessor;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MessageStore;

import java.util.concurrent.ExecutorService;

/**
 * The admin feature: what operators' tools ask (topics, groups, offsets and their resets, statistics) on
 * one admin thread, and message queries (by id, key, offset, time) on two query threads, so a slow index
 * search never holds up a topic change. No periodic work.
 */
public final class AdminFeature {

    private static final int QUEUE_CAPACITY = 1_000;

    private AdminFeature() {
    }

    /**
     * Registers the admin and query codes with {@code server}: topics, groups and offset resets here, runtime
     * information, settings, statistics, connections and the rest of what mqadmin asks through
     * {@link AdminTools}.
     *
     * @param registerNow re-registers with the name servers at once, after a topic change
     */
    public static void register(RemotingServer server, MessageStore store, TopicTable topics,
                                SubscriptionGroups groups, ConsumerOffsetTable offsets,
                                ClientRegistry<Connection> clients, Runnable registerNow, AdminTools.Parts tools) {
        String brokerName = tools.brokerName();
        ExecutorService adminExecutor = BoundedExecutor.create("broker-admin", 1, QUEUE_CAPACITY);
        AdminProcessor admin = new AdminProcessor(topics, offsets, store, brokerName, registerNow);
        for (int code : AdminProcessor.codes()) {
            server.registerProcessor(code, admin, adminExecutor);
        }
        server.registerProcessor(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new OffsetResetProcessor(topics, offsets, store, clients, brokerName), adminExecutor);
        SubscriptionGroupProcessor groupAdmin = new SubscriptionGroupProcessor(groups, offsets);
        for (int code : SubscriptionGroupProcessor.codes()) {
            server.registerProcessor(code, groupAdmin, adminExecutor);
        }
        ExecutorService queryExecutor = BoundedExecutor.create("broker-query", 2, QUEUE_CAPACITY);
        QueryProcessor query = new QueryProcessor(store);
        for (int code : QueryProcessor.codes()) {
            server.registerProcessor(code, query, queryExecutor);
        }
        AdminTools.register(server, adminExecutor, tools);
    }
}
