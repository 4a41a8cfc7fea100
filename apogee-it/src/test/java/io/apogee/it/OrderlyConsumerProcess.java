package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageExt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;

/**
 * An official orderly push consumer in a process of its own, so a test can kill it with SIGKILL like
 * a crashed application. It prints {@code READY} once started, then one line
 * {@code R <key>:<seq> <startNanos> <endNanos>} per message consumed (System.nanoTime is the
 * machine's monotonic clock, comparable between processes); it takes about a millisecond per
 * message, so that a queue consumed by two processes at once would show overlapping times. It
 * exits when its standard input closes (the test's JVM went away).
 *
 * <p>Arguments: name server address, consumer group, topic, instance name.
 */
public final class OrderlyConsumerProcess {

    private OrderlyConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(args[0], args[1], args[3]);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(args[2], "*");
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            long start = System.nanoTime();
            LockSupport.parkNanos(1_000_000);
            long end = System.nanoTime();
            synchronized (out) {
                for (MessageExt message : messages) {
                    out.println("R " + body(message) + " " + start + " " + end);
                }
                out.flush();
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        try {
            while (System.in.read() >= 0) {
                // Nothing is sent on stdin: it only tells when the parent has gone.
            }
        } catch (IOException ignored) {
            // The parent's end of the pipe broke: the same as end of input.
        }
        consumer.shutdown();
        System.exit(0);
    }
}
