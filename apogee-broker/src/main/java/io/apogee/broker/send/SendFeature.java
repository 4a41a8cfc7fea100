package io.apogee.broker.send;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.reply.ReplyProcessor;
import io.apogee.broker.retry.RetrySendPolicy;
import io.apogee.broker.retry.SendBackProcessor;
import io.apogee.broker.schedule.DeliveryRouter;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.message.HostAddress;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.InPlaceExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MessageStore;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The send feature's wiring: the send executor ({@code sendMessageThreadPoolNums} threads, as RocketMQ's
 * send pool) and the codes it serves, SEND_MESSAGE (V1, V2, batch), SEND_REPLY_MESSAGE (V1, V2: a reply to a
 * request, pushed to its requester and stored as a send) and CONSUMER_SEND_MSG_BACK, which writes a retry as a
 * send does. It has no periodic work; the server shuts its executor down.
 *
 * <p>With {@code sendMessageOnIoThread} (the default) SEND_MESSAGE runs on the I/O thread that read it while the
 * store {@linkplain MessageStore#appendsInPlace() appends in place}, and on the send executor near a file's end
 * (see the architecture notes for the measurements). Replies and retries stay on the executor: a retry reads
 * its original message, which may be on disk.
 */
public final class SendFeature {

    /** Sends waiting for a send thread; past it the server answers SYSTEM_BUSY. */
    public static final int QUEUE_CAPACITY = 10_000;

    private final SendProcessor processor;
    private final ThreadPoolExecutor executor;

    /** Registers the send codes with {@code server}. */
    public SendFeature(RemotingServer server, BrokerConfig config, MessageStore store, TopicTable topics,
                       SubscriptionGroups groups, DeliveryRouter router, HostAddress storeHost,
                       ClientRegistry<Connection> clients, BrokerStats stats, Runnable topicsChanged) {
        executor = BoundedExecutor.create("broker-send", config.sendMessageThreadPoolNums(), QUEUE_CAPACITY);
        processor = new SendProcessor(store, topics, config.autoCreateTopicEnable(), config.brokerClusterName(),
                storeHost, topicsChanged, router, new RetrySendPolicy(groups), stats);
        ExecutorService sends = config.sendMessageOnIoThread()
                ? new InPlaceExecutor(executor, store::appendsInPlace) : executor;
        server.registerProcessor(RequestCode.SEND_MESSAGE, processor, sends);
        server.registerProcessor(RequestCode.SEND_MESSAGE_V2, processor, sends);
        server.registerProcessor(RequestCode.SEND_BATCH_MESSAGE, processor, sends);
        ReplyProcessor reply = new ReplyProcessor(processor, clients, storeHost, config.storeReplyMessageEnable(),
                System::currentTimeMillis);
        server.registerProcessor(RequestCode.SEND_REPLY_MESSAGE, reply, executor);
        server.registerProcessor(RequestCode.SEND_REPLY_MESSAGE_V2, reply, executor);
        server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, new SendBackProcessor(store, groups, router),
                executor);
    }

    /** The send processor, whose auto-creation setting an admin may change while the broker runs. */
    public SendProcessor processor() {
        return processor;
    }

    /** The send executor, whose queue the runtime info reports. */
    public ThreadPoolExecutor executor() {
        return executor;
    }
}
