package io.apogee.broker.ha;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.subscription.ConfigFile;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.common.log.LogText;
import io.apogee.protocol.body.ConsumerOffsetSerializeWrapper;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.SubscriptionGroupWrapper;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.TopicConfigSerializeWrapper;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.client.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A slave's copy of its master's configuration, refreshed every {@code slaveSyncInterval} with the requests
 * RocketMQ's slave uses: topics (GET_ALL_TOPIC_CONFIG; topics the master no longer has are removed),
 * subscription groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG), consumer offsets (GET_ALL_CONSUMER_OFFSET) and
 * delayed delivery's progress (GET_ALL_DELAY_OFFSET, kept as the master's file). A request that fails is
 * logged and tried again next period; the others still run.
 *
 * <p>Threads: one scheduler thread of its own. Thread safety: {@link #start()} and {@link #close()} by the
 * broker's owning thread.
 */
public final class SlaveSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlaveSync.class);
    private static final long TIMEOUT_MILLIS = 3_000;
    private static final long MASTER_LOOKUP_MILLIS = 1_000;

    private final RemotingClient client;
    private final Supplier<String> masterAddress;
    private final TopicTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final Path delayProgressFile;
    /** Registers with the name servers again, whose answer names the master. */
    private final Runnable register;
    private final long periodMillis;
    /** Whether the master was unreachable in the last round (logged once per outage). Sync thread only. */
    private boolean failing;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ha-slave-sync");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param masterAddress the master's client address as the name servers report it, null while unknown
     * @param register re-registers with the name servers: run when the topics changed, and every second while
     *                 the master is unknown (a slave started before its master learns it from the answer)
     */
    public SlaveSync(RemotingClient client, Supplier<String> masterAddress, TopicTable topics,
                     SubscriptionGroupTable groups, ConsumerOffsetTable offsets, Path delayProgressFile,
                     Runnable register, long periodMillis) {
        this.client = client;
        this.masterAddress = masterAddress;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.delayProgressFile = delayProgressFile;
        this.register = register;
        this.periodMillis = periodMillis;
    }

    public SlaveSync start() {
        thread.scheduleWithFixedDelay(this::syncAll, Math.min(periodMillis, 1_000), periodMillis,
                TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::findMaster, MASTER_LOOKUP_MILLIS, MASTER_LOOKUP_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * A slave learns its master's addresses from its registration's answer, which names none when the slave
     * registered first; without this it would wait for its next periodic registration (30 s by default).
     */
    private void findMaster() {
        String master = masterAddress.get();
        if (master == null || master.isBlank()) {
            register.run();
        }
    }

    /** One round: each part on its own, so one failing part does not hold back the others. */
    void syncAll() {
        String master = masterAddress.get();
        if (master == null || master.isBlank()) {
            return;
        }
        boolean reached = sync(master, RequestCode.GET_ALL_TOPIC_CONFIG, this::syncTopics)
                && sync(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, body -> JsonBody.decode(body,
                        SubscriptionGroupWrapper.class).subscriptionGroupTable().values().forEach(groups::put))
                && sync(master, RequestCode.GET_ALL_CONSUMER_OFFSET, this::syncOffsets)
                && sync(master, RequestCode.GET_ALL_DELAY_OFFSET,
                        body -> ConfigFile.replace(delayProgressFile, body));
        if (reached && failing) {
            failing = false;
            LOG.info("copying configuration from master {} again", master);
        }
    }

    private interface BodyHandler {
        void accept(byte[] body);
    }

    /**
     * Copies one part; false when the master could not be reached, so the round stops there. A master that
     * stays unreachable (it died and another is being elected) is logged once, not every round.
     */
    private boolean sync(String master, int code, BodyHandler handler) {
        try {
            RemotingCommand response = client.invokeSync(master, RemotingCommand.request(code), TIMEOUT_MILLIS);
            if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
                LOG.debug("master {} answered request {} with {} {}", master, code, response.code(),
                        LogText.escape(response.remark()));
                return true;
            }
            handler.accept(response.body());
            return true;
        } catch (RemotingException e) {
            if (!failing) {
                failing = true;
                LOG.warn("cannot copy configuration (request {}) from master {}; retrying every {} ms: {}", code,
                        master, periodMillis, e.toString());
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warn("cannot copy configuration (request {}) from master {}: {}", code, master, e.toString());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void syncTopics(byte[] body) {
        Map<String, TopicConfig> master = JsonBody.decode(body, TopicConfigSerializeWrapper.class).topicConfigTable();
        boolean changed = false;
        for (TopicConfig config : master.values()) {
            if (!config.equals(topics.get(config.topicName()))) {
                topics.put(config);
                changed = true;
            }
        }
        Set<String> gone = new HashSet<>(topics.snapshot().topicConfigTable().keySet());
        gone.removeAll(master.keySet());
        for (String topic : gone) {
            changed |= topics.remove(topic);
        }
        if (changed) {
            register.run();
        }
    }

    private void syncOffsets(byte[] body) {
        JsonBody.decode(body, ConsumerOffsetSerializeWrapper.class).offsetTable().forEach((key, queues) -> {
            int at = key.indexOf('@');
            if (at > 0) {
                String topic = key.substring(0, at);
                String group = key.substring(at + 1);
                queues.forEach((queueId, offset) -> offsets.commit(group, topic, queueId, offset));
            }
        });
        offsets.persist();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
