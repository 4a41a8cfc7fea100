package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An official orderly push consumer in a process of its own, so a test can kill it with SIGKILL like
 * a crashed application. It prints {@code READY} once started, then one line
 * {@code R <key> <seq> <nanoTime>} per message consumed; it exits when its standard input closes
 * (the test's JVM went away).
 *
 * <p>Arguments: name server address, consumer group, topic, instance name.
 */
public final class OrderlyConsumerProcess {

    private OrderlyConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(args[1]);
        consumer.setNamesrvAddr(args[0]);
        consumer.setInstanceName(args[3]);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(args[2], "*");
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            long now = System.nanoTime();
            synchronized (out) {
                for (MessageExt message : messages) {
                    out.println("R " + new String(message.getBody(), StandardCharsets.UTF_8) + " " + now);
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
