package io.apogee.cli.bench;

import io.apogee.cli.bench.ReceiveOptions.ConsumerKind;
import io.apogee.client.ClientOptions;
import io.apogee.client.consumer.ConsumeConcurrentlyStatus;
import io.apogee.client.consumer.LitePullConsumer;
import io.apogee.client.consumer.MessageListenerConcurrently;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.client.producer.Producer;
import io.apogee.client.producer.SendResult;
import io.apogee.client.producer.SendStatus;
import io.apogee.protocol.body.ConsumeFromWhere;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --client apogee}: Apogee's own client, the default.
 *
 * <p>Thread safety: see {@link ClientDriver}.
 */
final class ApogeeDriver implements ClientDriver {

    private final ClientOptions server;

    ApogeeDriver(ClientOptions server) {
        this.server = server;
    }

    @Override
    public BenchProducer producer(SendOptions options, String topic, String group, String instance) {
        Producer producer = new Producer(group);
        producer.setNamesrvAddr(server.getNamesrvAddr());
        producer.setRpcHook(server.getRpcHook());
        producer.setInstanceName(instance);
        producer.setSendMsgTimeout(options.sendTimeoutMillis);
        if (options.tls != null) {
            producer.setUseTLS(options.tls);
        }
        producer.start();
        try {
            // It also keeps a burst of asynchronous sends from waiting for a connection that is still
            // opening, which has left some of them never answered.
            producer.fetchPublishMessageQueues(topic);
            producer.clientInstance().sendHeartbeatToAllBrokers();
        } catch (RuntimeException e) {
            producer.shutdown();
            throw e;
        }
        return new Sending(producer, topic, options.tag);
    }

    @Override
    public BenchConsumer consumer(ReceiveOptions options, String topic, String group, String instance,
                                  ConsumeFromWhere from, long fromTimestampMillis, Deliveries sink) {
        if (options.consumer == ConsumerKind.PUSH) {
            PushConsumer push = new PushConsumer(group);
            push.setNamesrvAddr(server.getNamesrvAddr());
            push.setRpcHook(server.getRpcHook());
            push.setInstanceName(instance);
            push.setConsumeFromWhere(from);
            push.setConsumeTimestamp(fromTimestampMillis);
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
        LitePullConsumer litePull = new LitePullConsumer(group);
        litePull.setNamesrvAddr(server.getNamesrvAddr());
        litePull.setRpcHook(server.getRpcHook());
        litePull.setInstanceName(instance);
        litePull.setConsumeFromWhere(from);
        litePull.setConsumeTimestamp(fromTimestampMillis);
        litePull.subscribe(topic, options.filter);
        return new Polling<>(litePull::start, litePull::poll, MessageExt::getBody, sink,
                () -> litePull.assignment().size(), litePull::shutdown);
    }

    private record Sending(Producer producer, String topic, String tag) implements BenchProducer {

        @Override
        public String send(byte[] body, String keys) {
            return notOk(producer.send(message(body, keys)));
        }

        @Override
        public String sendBatch(byte[][] bodies, String[] keys) {
            List<Message> batch = new ArrayList<>(bodies.length);
            for (int i = 0; i < bodies.length; i++) {
                batch.add(message(bodies[i], keys[i]));
            }
            return notOk(producer.send(batch));
        }

        @Override
        public void sendOneway(byte[] body, String keys) {
            producer.sendOneway(message(body, keys));
        }

        @Override
        public void sendAsync(byte[] body, String keys, Answer answer) {
            producer.sendAsync(message(body, keys)).whenComplete(
                    (result, error) -> answer.answered(error != null ? null : notOk(result), error));
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
            return result.sendStatus() == SendStatus.SEND_OK ? null : result.sendStatus().name();
        }
    }

    private record Pushing(PushConsumer push) implements BenchConsumer {

        @Override
        public void start() {
            push.start();
        }

        @Override
        public int assignedQueues() {
            return push.assignedQueues().size();
        }

        @Override
        public void close() {
            push.shutdown();
        }
    }
}
