package io.apogee.cli;

import io.apogee.client.producer.Producer;
import io.apogee.client.producer.SendStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

import java.util.Locale;

/**
 * The producer the fault harness sends with: Apache RocketMQ's official client (the default, as applications
 * use it) or Apogee's own. Both retry a failed send twice within a 3 s budget.
 *
 * <p>Thread safety: {@link #send} from several threads at once, as both producers allow.
 */
interface LedgerClient extends AutoCloseable {

    /**
     * How the official producer is told of a new master: it asks the name servers for routes only every
     * {@code pollNameServerInterval} (30 s by default), so the harness asks every second, as an application that
     * cares about failover would; Apogee's producer asks again right after a failed send.
     */
    int OFFICIAL_ROUTE_POLL_MILLIS = 1_000;

    /** What one send came to: acknowledged (SEND_OK) with where it was stored, or why not. */
    record Outcome(boolean acknowledged, String stored, String failure) {

        static Outcome acknowledged(int queueId, String offsetMsgId) {
            return new Outcome(true, queueId + " at log offset " + logOffset(offsetMsgId), null);
        }

        static Outcome failed(String why) {
            return new Outcome(false, null, why);
        }

        /** The commit-log offset in the broker's offset message id (its last 16 hex digits). */
        private static long logOffset(String id) {
            return id == null || id.length() < 16 ? -1 : Long.parseUnsignedLong(id.substring(id.length() - 16), 16);
        }
    }

    Outcome send(String topic, byte[] body);

    @Override
    void close();

    /** "official" or "apogee". */
    static LedgerClient named(String kind, String namesrvAddr, String instance) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "official" -> official(namesrvAddr, instance);
            case "apogee" -> apogee(namesrvAddr, instance);
            default -> throw new IllegalArgumentException("the client must be official or apogee, not " + kind);
        };
    }

    static LedgerClient official(String namesrvAddr, String instance) {
        DefaultMQProducer producer = new DefaultMQProducer("fault_harness_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(instance);
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(2);
        producer.setPollNameServerInterval(OFFICIAL_ROUTE_POLL_MILLIS);
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("the official producer did not start: " + e.getMessage(), e);
        }
        return new LedgerClient() {
            @Override
            public Outcome send(String topic, byte[] body) {
                try {
                    var result = producer.send(new org.apache.rocketmq.common.message.Message(topic, body));
                    return result.getSendStatus() == org.apache.rocketmq.client.producer.SendStatus.SEND_OK
                            ? Outcome.acknowledged(result.getMessageQueue().getQueueId(), result.getOffsetMsgId())
                            : Outcome.failed(result.getSendStatus().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.failed("interrupted");
                } catch (Exception e) {
                    return Outcome.failed(e.getMessage());
                }
            }

            @Override
            public void close() {
                producer.shutdown();
            }
        };
    }

    static LedgerClient apogee(String namesrvAddr, String instance) {
        Producer producer = new Producer("fault_harness_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(instance);
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(2);
        producer.start();
        return new LedgerClient() {
            @Override
            public Outcome send(String topic, byte[] body) {
                try {
                    var result = producer.send(new io.apogee.client.message.Message(topic, body));
                    return result.sendStatus() == SendStatus.SEND_OK
                            ? Outcome.acknowledged(result.messageQueue().queueId(), result.offsetMsgId())
                            : Outcome.failed(result.sendStatus().toString());
                } catch (RuntimeException e) {
                    return Outcome.failed(e.getMessage());
                }
            }

            @Override
            public void close() {
                producer.shutdown();
            }
        };
    }
}
