package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.route.BrokerFaultTracker;
import io.apogee.client.route.QueueSelector;
import io.apogee.client.route.TopicPublishInfo;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageResponseHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Carries encoded messages to brokers for one producer: finds the topic's queues (fetching the
 * route, or the auto-create key's route for a new topic), picks a queue away from brokers that
 * recently failed or were slow, and on a retryable failure tries again on another broker, all
 * within the send timeout; a failure also has the topic's route fetched again soon, as its master may have changed.
 *
 * <p>Thread safety: safe from any thread; asynchronous attempts continue on transport threads and
 * never block them.
 */
final class MessageSender {

    private final Producer producer;
    private final PublishTable table;
    private final ClientInstance instance;
    private final BrokerFaultTracker faults = new BrokerFaultTracker();
    private final QueueSelector selector;

    MessageSender(Producer producer, PublishTable table, ClientInstance instance) {
        this.producer = producer;
        this.table = table;
        this.instance = instance;
        this.selector = new QueueSelector(faults, producer.isSendLatencyFaultEnable());
    }

    /** The topic's publish entry, fetching its route first if it has none. */
    TopicPublishInfo publishInfo(String topic) {
        TopicPublishInfo info = table.get(topic);
        if (info != null && info.isSendable()) {
            return info;
        }
        table.addIfAbsent(topic);
        if (!instance.routes().update(topic)) {
            instance.routes().updateFromDefault(topic, producer.getCreateTopicKey(), producer.getDefaultTopicQueueNums());
        }
        info = table.get(topic);
        if (info == null || !info.isSendable()) {
            throw new ClientException(ResponseCode.TOPIC_NOT_EXIST, "no route info of topic " + topic
                    + " from name servers " + instance.nameServer().addresses()
                    + " (the topic does not exist and the broker does not create topics automatically)");
        }
        return info;
    }

    SendResult sendSync(OutgoingMessage message, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        TopicPublishInfo info = publishInfo(message.topic());
        int attempts = 1 + producer.getRetryTimesWhenSendFailed();
        String lastBroker = null;
        List<String> tried = new ArrayList<>();
        ClientException last = null;
        for (int i = 0; i < attempts; i++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            MessageQueue queue = selector.select(info, lastBroker);
            tried.add(queue.brokerName());
            long start = System.nanoTime();
            try {
                RemotingCommand response = instance.messageApi().sendSync(brokerAddress(queue),
                        message.request(producer.getProducerGroup(), queue, producer.getDefaultTopicQueueNums()), left);
                faults.record(queue.brokerName(), elapsedMillis(start), false);
                SendResult result = toResult(response, message, queue);
                if (result.sendStatus() != SendStatus.SEND_OK && producer.isRetryAnotherBrokerWhenNotStoreOK()
                        && i + 1 < attempts) {
                    lastBroker = queue.brokerName();
                    continue;
                }
                return result;
            } catch (ClientException e) {
                faults.record(queue.brokerName(), elapsedMillis(start), true);
                if (!isRetryable(e)) {
                    throw e;
                }
                instance.refreshRouteSoon(message.topic());
                last = e;
                lastBroker = queue.brokerName();
            }
        }
        throw failure(message, timeoutMillis, tried, last);
    }

    CompletableFuture<SendResult> sendAsync(OutgoingMessage message, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        TopicPublishInfo info;
        try {
            info = publishInfo(message.topic());
        } catch (ClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        int attempts = 1 + producer.getRetryTimesWhenSendAsyncFailed();
        return attemptAsync(message, info, timeoutMillis, deadline, attempts, null, new ArrayList<>(), null);
    }

    private CompletableFuture<SendResult> attemptAsync(OutgoingMessage message, TopicPublishInfo info,
                                                       long timeoutMillis, long deadline, int attemptsLeft,
                                                       String lastBroker, List<String> tried, ClientException last) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (attemptsLeft == 0 || left <= 0) {
            return CompletableFuture.failedFuture(failure(message, timeoutMillis, tried, last));
        }
        MessageQueue queue = selector.select(info, lastBroker);
        tried.add(queue.brokerName());
        long start = System.nanoTime();
        CompletableFuture<RemotingCommand> sent;
        try {
            sent = instance.messageApi().sendAsync(brokerAddress(queue),
                    message.request(producer.getProducerGroup(), queue, producer.getDefaultTopicQueueNums()), left);
        } catch (ClientException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            ClientException failure = error == null ? null : asClientException(error);
            if (failure == null) {
                try {
                    faults.record(queue.brokerName(), elapsedMillis(start), false);
                    return CompletableFuture.completedFuture(toResult(response, message, queue));
                } catch (ClientException e) {
                    failure = e;
                }
            }
            faults.record(queue.brokerName(), elapsedMillis(start), true);
            if (!isRetryable(failure)) {
                return CompletableFuture.<SendResult>failedFuture(failure);
            }
            instance.refreshRouteSoon(message.topic());
            return attemptAsync(message, info, timeoutMillis, deadline, attemptsLeft - 1, queue.brokerName(), tried,
                    failure);
        }).thenCompose(Function.identity());
    }

    /** Sends to one chosen queue, without retries (ordered sends must not move to another queue). */
    SendResult sendToQueue(OutgoingMessage message, MessageQueue queue, long timeoutMillis) {
        long start = System.nanoTime();
        try {
            RemotingCommand response = instance.messageApi().sendSync(brokerAddress(queue),
                    message.request(producer.getProducerGroup(), queue, producer.getDefaultTopicQueueNums()),
                    timeoutMillis);
            faults.record(queue.brokerName(), elapsedMillis(start), false);
            return toResult(response, message, queue);
        } catch (ClientException e) {
            faults.record(queue.brokerName(), elapsedMillis(start), true);
            throw e;
        }
    }

    void sendOneway(OutgoingMessage message, long timeoutMillis) {
        TopicPublishInfo info = publishInfo(message.topic());
        MessageQueue queue = selector.select(info, null);
        instance.messageApi().sendOneway(brokerAddress(queue),
                message.request(producer.getProducerGroup(), queue, producer.getDefaultTopicQueueNums()), timeoutMillis);
    }

    private String brokerAddress(MessageQueue queue) {
        return instance.routes().requireMasterAddress(queue);
    }

    private static SendResult toResult(RemotingCommand response, OutgoingMessage message, MessageQueue queue) {
        SendStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new ClientException(response.code(), "broker " + queue.brokerName()
                    + " refused the message to topic " + message.topic() + ": code " + response.code() + ", "
                    + response.remark());
        };
        SendMessageResponseHeader header = SendMessageResponseHeader.decode(response);
        MessageQueue stored = new MessageQueue(queue.topic(), queue.brokerName(), header.queueId());
        return new SendResult(status, message.msgId(), header.msgId(), stored, header.queueOffset(),
                header.transactionId(), header.msgRegion());
    }

    /** Transport failures and the codes RocketMQ retries on go to another broker; others do not. */
    private static boolean isRetryable(ClientException e) {
        return switch (e.responseCode()) {
            case ClientException.NO_RESPONSE_CODE, ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
                 ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY, ResponseCode.NO_PERMISSION,
                 ResponseCode.NO_BUYER_ID, ResponseCode.NOT_IN_CURRENT_UNIT -> true;
            default -> false;
        };
    }

    private static ClientException asClientException(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof ClientException c ? c : new ClientException("send failed: " + e, e);
    }

    private static ClientException failure(OutgoingMessage message, long timeoutMillis, List<String> tried,
                                           ClientException last) {
        String reason = last == null ? "the send timeout of " + timeoutMillis + " ms ran out"
                : last.getMessage();
        return new ClientException(last == null ? ResponseCode.RPC_TIME_OUT : last.responseCode(),
                "sending to topic " + message.topic() + " failed after " + tried.size() + " attempt(s) on brokers "
                        + tried + " within " + timeoutMillis + " ms: " + reason, last);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
