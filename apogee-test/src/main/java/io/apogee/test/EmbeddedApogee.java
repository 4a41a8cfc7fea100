package io.apogee.test;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.client.admin.Admin;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.GetMessageResult;
import io.apogee.store.MessageStore;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * An Apogee name server and broker in this JVM, on free loopback ports, with their data in a temporary folder
 * that {@link #close()} deletes: the RocketMQ a test talks to through the official client, with only
 * {@link #namesrvAddr()} set.
 *
 * <pre>{@code
 * try (EmbeddedApogee apogee = EmbeddedApogee.start()) {
 *     DefaultMQProducer producer = new DefaultMQProducer("group");
 *     producer.setNamesrvAddr(apogee.namesrvAddr());
 *     ...
 * }
 * }</pre>
 *
 * <p>The helpers read the broker directly or use one shared official producer; they are for tests, not for
 * speed. Thread safety: the helpers may be called from any thread; {@link #close()} once.
 */
public final class EmbeddedApogee implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 5_000;

    private final Path dataDir;
    private final NameServer nameServer;
    private final Broker broker;
    private final String namesrvAddr;
    private DefaultMQProducer producer;
    private Admin admin;

    private EmbeddedApogee(ApogeeOptions options) throws IOException {
        dataDir = Files.createTempDirectory("apogee-test-");
        try {
            nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                    .rocketmqHome(dataDir.resolve("namesrv")));
            nameServer.start();
        } catch (RuntimeException e) {
            deleteQuietly(dataDir);
            throw e;
        }
        namesrvAddr = "127.0.0.1:" + nameServer.localAddress().getPort();
        try {
            broker = new Broker(brokerConfig(options));
            broker.start();
        } catch (RuntimeException e) {
            nameServer.shutdown();
            deleteQuietly(dataDir);
            throw e;
        }
        try {
            createUpFront(options);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a name server and a broker with the default options. */
    public static EmbeddedApogee start() {
        return start(ApogeeOptions.defaults());
    }

    /** Starts a name server and a broker as {@code options} say; returns once both serve. */
    public static EmbeddedApogee start(ApogeeOptions options) {
        try {
            return new EmbeddedApogee(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for an embedded Apogee", e);
        }
    }

    private BrokerConfig brokerConfig(ApogeeOptions options) {
        Properties properties = new Properties();
        properties.setProperty("brokerName", "broker-a");
        properties.setProperty("bindAddress", "127.0.0.1");
        properties.setProperty("listenPort", "0");
        properties.setProperty("namesrvAddr", namesrvAddr);
        properties.setProperty(MessageStoreConfig.STORE_PATH_ROOT_DIR, dataDir.resolve("store").toString());
        // Small files: a test writes little, and each commit-log file is allocated in full.
        properties.setProperty(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024));
        properties.setProperty("autoCreateTopicEnable", Boolean.toString(options.autoCreateTopics));
        properties.setProperty("enablePropertyFilter", Boolean.toString(options.sqlFilters));
        if (options.shortDelayLevels) {
            properties.setProperty("messageDelayLevel", ApogeeOptions.SHORT_DELAY_LEVELS);
        }
        if (options.unsafeSkipFsync) {
            String never = Integer.toString(Integer.MAX_VALUE);
            properties.setProperty(MessageStoreConfig.FLUSH_INTERVAL_COMMIT_LOG, never);
            properties.setProperty(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, never);
        }
        options.brokerConfig.forEach(properties::setProperty);
        return BrokerConfig.from(properties);
    }

    private void createUpFront(ApogeeOptions options) {
        options.topics.forEach((topic, queues) -> admin().createTopicOnBroker(brokerAddr(), topic, queues));
        if (!options.groups.isEmpty()) {
            RemotingClient client = new RemotingClient(new ClientConfig());
            client.start();
            try {
                for (String group : options.groups) {
                    RemotingCommand response = client.invokeSync(brokerAddr(),
                            RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                                    .body(JsonBody.encode(SubscriptionGroupConfig.defaults(group))), TIMEOUT_MILLIS);
                    if (response.code() != ResponseCode.SUCCESS) {
                        throw new IllegalStateException("cannot create group " + group + ": " + response.remark());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating groups", e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the groups " + options.groups + ": " + e.getMessage(), e);
            } finally {
                client.shutdown();
            }
        }
        options.topics.keySet().forEach(topic -> awaitRoute(topic, Duration.ofSeconds(10)));
    }

    /** The name-server address an application sets ({@code setNamesrvAddr}, {@code rocketmq.namesrv.addr}). */
    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** The broker's address, for admin calls that name a broker. */
    public String brokerAddr() {
        return broker.brokerAddr();
    }

    /** The broker itself, for tests that look inside. */
    public Broker broker() {
        return broker;
    }

    /** The folder holding the name server's and broker's files; deleted by {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates {@code topic} with {@code queues} queues and waits until the name server routes it. */
    public void createTopic(String topic, int queues) {
        admin().createTopicOnBroker(brokerAddr(), topic, queues);
        awaitRoute(topic, Duration.ofSeconds(10));
    }

    /**
     * Waits until the name server routes {@code topic}. A topic created by a first send reaches the name
     * server with the broker's next registration, a moment later; a consumer started before that finds it
     * only at its next route refresh.
     */
    public void awaitRoute(String topic, Duration timeout) {
        await(timeout, "a route for topic " + topic, () -> nameServer.registry().route(topic, null) != null);
    }

    /**
     * Sends a message with this UTF-8 body through a shared official producer; returns its result once the
     * message is in its consume queue, so that {@link #readAll} right after sees it. (A broker acknowledges a
     * send when it is in the commit log; its consume queue follows a moment later, as in RocketMQ.)
     */
    public SendResult send(String topic, String body) {
        SendResult result;
        try {
            result = producer().send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getMessage(), e);
        }
        int queueId = result.getMessageQueue().getQueueId();
        await(Duration.ofSeconds(10), "message " + result.getMsgId() + " in queue " + queueId + " of " + topic,
                () -> broker.store().maxOffsetInQueue(topic, queueId) > result.getQueueOffset());
        return result;
    }

    /**
     * Every message stored in {@code topic} now, queue by queue, oldest first, read from the broker; a batch
     * stored whole (a BatchCQ topic) gives its messages, as consumers get them.
     */
    public List<MessageExt> readAll(String topic) {
        List<MessageExt> all = new ArrayList<>();
        MessageStore store = broker.store();
        for (int queueId = 0; queueId < queueCount(topic); queueId++) {
            long offset = store.minOffsetInQueue(topic, queueId);
            long end = store.maxOffsetInQueue(topic, queueId);
            while (offset < end) {
                try (GetMessageResult result = store.getMessage(topic, queueId, offset, 32, 4 * 1024 * 1024, null)) {
                    if (result.messageCount() == 0) {
                        break;
                    }
                    for (ByteBuffer message : result.messages()) {
                        MessageExt record = MessageDecoder.decode(message.duplicate(), true, false);
                        if (InnerBatch.isInnerBatch(record.getSysFlag())) {
                            unwrap(record, all);
                        } else {
                            all.add(record);
                        }
                    }
                    offset = result.nextBeginOffset();
                }
            }
        }
        return all;
    }

    private static void unwrap(MessageExt batch, List<MessageExt> into) {
        try {
            MessageDecoder.decodeMessage(batch, into);
        } catch (Exception e) {
            throw new IllegalStateException("the inner batch at commit-log offset " + batch.getCommitLogOffset()
                    + " is malformed: " + e.getMessage(), e);
        }
    }

    /** Waits until {@code topic} holds at least {@code count} messages; returns them all. */
    public List<MessageExt> awaitMessages(String topic, int count, Duration timeout) {
        await(timeout, count + " messages in " + topic, () -> totalMessages(topic) >= count);
        return readAll(topic);
    }

    /** Messages of {@code topic} that consumer group {@code group} has not committed yet, over all queues. */
    public long lag(String group, String topic) {
        long lag = 0;
        for (OffsetWrapper offsets : admin().consumerProgress(group, topic).values()) {
            lag += offsets.brokerOffset() - Math.max(0, offsets.consumerOffset());
        }
        return lag;
    }

    private long totalMessages(String topic) {
        long total = 0;
        for (int queueId = 0; queueId < queueCount(topic); queueId++) {
            total += broker.store().maxOffsetInQueue(topic, queueId) - broker.store().minOffsetInQueue(topic, queueId);
        }
        return total;
    }

    private int queueCount(String topic) {
        var route = nameServer.registry().route(topic, null);
        return route == null ? 0 : route.queueDatas().stream().mapToInt(QueueData::readQueueNums).max().orElse(0);
    }

    private synchronized DefaultMQProducer producer() throws Exception {
        if (producer == null) {
            DefaultMQProducer started = new DefaultMQProducer("apogee_test_helper");
            started.setNamesrvAddr(namesrvAddr);
            started.setInstanceName("apogee-test-" + UUID.randomUUID());
            started.start();
            producer = started;
        }
        return producer;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = new Admin(namesrvAddr);
        }
        return admin;
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + timeout);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Stops the helper clients, the broker and the name server, and deletes the data folder. */
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.shutdown();
            producer = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        broker.shutdown();
        nameServer.shutdown();
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing a test for.
        }
    }
}
