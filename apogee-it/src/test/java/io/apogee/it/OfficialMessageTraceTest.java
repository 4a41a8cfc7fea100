package io.apogee.it;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.tools.command.message.QueryMsgTraceByIdSubCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message trace as the official client records it ({@code enableMsgTrace}, here with a custom trace topic):
 * the client's trace records are stored like any message, indexed by message id, and {@code mqadmin
 * queryMsgTraceById} (its command class, run as the tool runs it) prints the send and the consume records.
 */
class OfficialMessageTraceTest {

    private static final String TRACE_TOPIC = "ApogeeTraceTopic";

    @TempDir
    Path dir;
    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    void queryMsgTraceByIdShowsTheSendAndTheConsume() throws Exception {
        LocalCluster cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        DefaultMQProducer producer = new DefaultMQProducer("traced_producer", true, TRACE_TOPIC);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("traced-producer"));
        producer.start();
        closer.add(producer, DefaultMQProducer::shutdown);
        SendResult sent = producer.send(message("TracedTopic", "traced"));

        AtomicInteger consumed = new AtomicInteger();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("traced_group", true, TRACE_TOPIC);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName("traced-consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        OfficialClients.quickHeartbeats(consumer);
        consumer.subscribe("TracedTopic", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            consumed.addAndGet(messages.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        closer.add(consumer, DefaultMQPushConsumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == 1);

        // The clients send their trace records in the background, in batches.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            String printed = queryMsgTraceById(cluster.namesrvAddr(), sent.getMsgId());
            assertThat(printed).containsPattern("(?m)^Pub\\s+traced_producer\\s+.*success")
                    .containsPattern("(?m)^Sub\\s+traced_group\\s+.*success");
        });
    }

    /** Runs {@code mqadmin queryMsgTraceById -i ID -t TRACE_TOPIC -n ADDR} and returns what it printed. */
    private static String queryMsgTraceById(String namesrvAddr, String msgId) throws Exception {
        QueryMsgTraceByIdSubCommand command = new QueryMsgTraceByIdSubCommand();
        Options options = command.buildCommandlineOptions(new Options());
        options.addOption(new Option("n", "namesrvAddr", true, "name server address"));
        CommandLine line = new DefaultParser().parse(options,
                new String[] {"-i", msgId, "-t", TRACE_TOPIC, "-n", namesrvAddr});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                command.execute(line, options, null);
            } finally {
                System.setOut(original);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
