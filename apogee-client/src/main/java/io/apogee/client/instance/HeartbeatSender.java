package io.apogee.client.instance;

import io.apogee.client.remote.BrokerApi;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.ProducerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells brokers which groups this client runs: heartbeats with every producer and consumer group
 * to every known broker, or only to the masters when the client has no consumer (sent to all of them at
 * once, then awaited), and unregistration of a group that shuts down.
 *
 * <p>Thread safety: safe from any thread; heartbeats are serialized so two rounds never overlap.
 */
final class HeartbeatSender {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final String clientId;
    private final BrokerApi brokerApi;
    private final BrokerDirectory brokers;
    private final Map<String, ProducerMember> producers;
    private final Map<String, ConsumerMember> consumers;
    private final long timeoutMillis;

    HeartbeatSender(String clientId, BrokerApi brokerApi, BrokerDirectory brokers,
                    Map<String, ProducerMember> producers, Map<String, ConsumerMember> consumers, long timeoutMillis) {
        this.clientId = clientId;
        this.brokerApi = brokerApi;
        this.brokers = brokers;
        this.producers = producers;
        this.consumers = consumers;
        this.timeoutMillis = timeoutMillis;
    }

    synchronized void sendToAll() {
        if (producers.isEmpty() && consumers.isEmpty()) {
            return;
        }
        HeartbeatData data = heartbeatData();
        // As RocketMQ: a client with no consumer only sends to masters, the only members it sends to.
        Set<String> addresses = consumers.isEmpty() ? brokers.masterAddresses() : brokers.allAddresses();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String address : addresses) {
            sent.add(brokerApi.heartbeatAsync(address, data, timeoutMillis).exceptionally(e -> {
                LOG.warn("client {}: heartbeat to {} failed: {}", clientId, address, e.toString());
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeoutMillis + 500,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("client {}: heartbeat round incomplete: {}", clientId, e.toString());
        }
    }

    HeartbeatData heartbeatData() {
        Set<ProducerData> producerData = new LinkedHashSet<>();
        producers.keySet().forEach(group -> producerData.add(new ProducerData(group)));
        Set<ConsumerData> consumerData = new LinkedHashSet<>();
        for (ConsumerMember c : consumers.values()) {
            consumerData.add(new ConsumerData(c.group(), c.consumeType(), c.messageModel(), c.consumeFromWhere(),
                    new LinkedHashSet<>(c.subscriptions()), false));
        }
        return new HeartbeatData(clientId, producerData, consumerData, 0, false);
    }

    /** Tells every broker that this client left a group (exactly one of the two is set). */
    void unregister(String producerGroup, String consumerGroup) {
        for (String address : brokers.allAddresses()) {
            try {
                brokerApi.unregisterClient(address, clientId, producerGroup, consumerGroup, timeoutMillis);
            } catch (RuntimeException e) {
                LOG.warn("client {}: unregistering from {} failed: {}", clientId, address, e.toString());
            }
        }
    }
}
