package io.apogee.cli.bench;

import io.apogee.cli.bench.ReceiveOptions.ConsumerKind;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import io.apogee.client.ClientException;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --client official}: Apache RocketMQ's own client (DefaultMQProducer, DefaultMQPushConsumer,
 * DefaultLitePullConsumer), so that a run measures what an application on the official client would see and
 * compares with other tools built on it. Requests are signed with its AclClientRPCHook when keys are given;
 * TLS follows {@code --tls} and the same {@code -Dtls.*} options, which the official client reads too.
 *
 * <p>Thread safety: see {@link ClientDriver}.
 */
final class OfficialDriver implements ClientDriver {

    private final String namesrv;
    private final RPCHook hook;

    OfficialDriver(String namesrv, String accessKey, String secretKey) {
        this.namesrv = namesrv;
        this.hook = accessKey != null ? new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)) : null;
    }

    @Override
    public BenchProducer producer(SendOptions options, String topic, String group, String instance) {
        DefaultMQProducer producer = new DefaultMQProducer(group, hook);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(instance);
        producer.setSendMsgTimeout((int) Math.min(Integer.MAX_VALUE, options.sendTimeoutMillis));
        if (options.tls != null) {
            producer.setUseTLS(options.tls);
        }
        try {
            producer.start();
            producer.fetchPublishMessageQueues(topic);
            producer.getDefaultMQProducerImpl().getMqClientFactory().sendHeartbeatToAllBrokerWithLock();
        } catch (MQClientException e) {
            producer.shutdown();
            throw failure(e);
        }
        return new Sending(producer, topic, options.tag);
    }

    @Override
    public BenchConsumer consumer(ReceiveOptions options, String topic, String group, String instance,
                                  io.apogee.protocol.body.ConsumeFromWhere from, long fromTimestampMillis,
                                  Deliveries sink) {
        var where = org.apache.rocketmq.common.consumer.ConsumeFromWhere.valueOf(from.name());
        // The official client takes the start time as local yyyyMMddHHmmss.
        String timestamp = UtilAll.timeMillisToHumanString3(fromTimestampMillis);
        try {
            if (options.consumer == ConsumerKind.PUSH) {
                DefaultMQPushConsumer push = new DefaultMQPushConsumer(group, hook);
                push.setNamesrvAddr(namesrv);
                push.setInstanceName(instance);
                push.setConsumeFromWhere(where);
                push.setConsumeTimestamp(timestamp);
                // The client's first rebalance skips its heartbeat with the new subscription version when its
                // heartbeat lock is busy, and every broker then refuses its pulls until the next heartbeat: 30 s
                // later by default, a gap that would be measured as the broker's. One heartbeat a second costs
                // nothing measurable and bounds the gap to a second.
                push.setHeartbeatBrokerInterval(1_000);
                push.setConsumeMessageBatchMaxSize(options.consumeBatch);
                if (options.consumeThreads > 0) {
                    push.setConsumeThreadMin(options.consumeThreads);
                    push.setConsumeThreadMax(options.consumeThreads);
                }
                push.subscribe(topic, options.filter);
                push.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    sink.received(messages, MessageExt::getBody);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                return new Pushing(push);
            }
            DefaultLitePullConsumer litePull = new DefaultLitePullConsumer(group, hook);
            litePull.setNamesrvAddr(namesrv);
            litePull.setInstanceName(instance);
            litePull.setConsumeFromWhere(where);
            litePull.setConsumeTimestamp(timestamp);
            litePull.setHeartbeatBrokerInterval(1_000);
            litePull.subscribe(topic, options.filter);
            return new Polling<>(() -> start(litePull), litePull::poll, MessageExt::getBody, sink,
                    () -> assignment(litePull), litePull::shutdown);
        } catch (MQClientException e) {
            throw failure(e);
        }
    }

    private static void start(DefaultLitePullConsumer litePull) {
        try {
            litePull.start();
        } catch (MQClientException e) {
            throw failure(e);
        }
    }

    private static int assignment(DefaultLitePullConsumer litePull) {
        try {
            return litePull.assignment().size();
        } catch (MQClientException e) {
            throw failure(e);
        }
    }

    /** The official client's failure as the one the bench reports as a line, with the client's own message. */
    private static ClientException failure(MQClientException e) {
        return new ClientException(e.getErrorMessage() != null ? e.getErrorMessage() : String.valueOf(e.getMessage()), e);
    }

    private record Sending(DefaultMQProducer producer, String topic, String tag) implements BenchProducer {

        @Override
        public String send(byte[] body, String keys) throws Exception {
            return notOk(producer.send(message(body, keys)));
        }

        @Override
        public String sendBatch(byte[][] bodies, String[] keys) throws Exception {
            List<Message> batch = new ArrayList<>(bodies.length);
            for (int i = 0; i < bodies.length; i++) {
                batch.add(message(bodies[i], keys[i]));
            }
            return notOk(producer.send(batch));
        }

        @Override
        public void sendOneway(byte[] body, String keys) throws Exception {
            producer.sendOneway(message(body, keys));
        }

        @Override
        public void sendAsync(byte[] body, String keys, Answer answer) throws Exception {
            // The official client may both call the callback with an error and throw it: answer once.
            AtomicBoolean answered = new AtomicBoolean();
            try {
                producer.send(message(body, keys), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        if (answered.compareAndSet(false, true)) {
                            answer.answered(notOk(result), null);
                        }
                    }

                    @Override
                    public void onException(Throwable error) {
                        if (answered.compareAndSet(false, true)) {
                            answer.answered(null, error);
                        }
                    }
                });
            } catch (Exception e) {
                if (answered.compareAndSet(false, true)) {
                    throw e;
                }
            }
        }

        @Override
        public int retriesWhenSendFailed() {
            return producer.getRetryTimesWhenSendFailed();
        }

        @Override
        public void close() {
            producer.shutdown();
        }

        private Message message(byte[] body, String keys) {
            Message message = new Message(topic, body);
            if (tag != null) {
                message.setTags(tag);
            }
            if (keys != null) {
                message.setKeys(keys);
            }
            return message;
        }

        private static String notOk(SendResult result) {
            return result.getSendStatus() == SendStatus.SEND_OK ? null : result.getSendStatus().name();
        }
    }

    private record Pushing(DefaultMQPushConsumer push) implements BenchConsumer {

        @Override
        public void start() {
            try {
                push.start();
            } catch (MQClientException e) {
                throw failure(e);
            }
        }

        @Override
        public int assignedQueues() {
            return push.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().size();
        }

        @Override
        public void close() {
            push.shutdown();
        }
    }
}
