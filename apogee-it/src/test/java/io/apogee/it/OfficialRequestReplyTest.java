package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official producer's request-reply: {@code request(...)} sends a request, a responder consumes it and
 * sends {@code MessageUtil.createReplyMessage(...)}, and the broker pushes the reply to the requesting client
 * by its client id, storing it in the cluster's reply topic unless told not to.
 *
 * <p>The requests use the callback form of {@code request}, whose {@code onSuccess} the 5.3.3 client calls
 * twice: with null once the request itself is acknowledged, then with the reply. Its blocking form counts
 * its wait down at that first point, so it throws RequestTimeoutException before any reply can arrive,
 * against Apache RocketMQ as against Apogee.
 */
class OfficialRequestReplyTest {

    private static final String REPLY_TOPIC = "DefaultCluster_REPLY_TOPIC";

    @TempDir
    Path dir;
    private final Closer closer = new Closer();
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        closer.close();
    }

    /** Starts a responder that answers every request on {@code topic} with "reply to BODY". */
    private void startResponder(String topic) throws Exception {
        DefaultMQProducer replier = closer.add(startedProducer(cluster.namesrvAddr(), "reply_producer", "replier"),
                DefaultMQProducer::shutdown);
        DefaultMQPushConsumer responder = consumerFromFirstOffset(cluster.namesrvAddr(), "responder_group",
                uniqueInstanceName("responder"));
        DefaultMQPushConsumer started = closer.add(startConsuming(responder, topic, request -> {
            if (request.getProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT) == null) {
                return; // a plain message, such as the requesters' warm-up, asks for no reply
            }
            try {
                Message reply = MessageUtil.createReplyMessage(request,
                        ("reply to " + body(request)).getBytes(StandardCharsets.UTF_8));
                replier.send(reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), DefaultMQPushConsumer::shutdown);
        // Requests sent before the responder owns queues wait for its next rebalance, 20 s on, as long as
        // their own timeout: a responder is started before it is asked, as an application starts it.
        await().atMost(Duration.ofSeconds(45)).until(() ->
                !started.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().isEmpty());
    }

    private DefaultMQProducer requester(String name) throws Exception {
        DefaultMQProducer requester = closer.add(startedProducer(cluster.namesrvAddr(), "requester_" + name, name),
                DefaultMQProducer::shutdown);
        requester.send(message("RequestTopic", "warm-up " + name)); // the request topic exists
        // ...and is routed: a responder that starts before the name server knows the auto-created topic finds
        // no queues and would only rebalance onto them 20 s later, after the requests timed out.
        cluster.awaitRoute("RequestTopic");
        return requester;
    }

    /** Sends {@code request} and waits for its reply, through the callback form of {@code request}. */
    private static Message requestAndWait(DefaultMQProducer requester, Message request) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        requester.request(request, new RequestCallback() {
            @Override
            public void onSuccess(Message message) {
                if (message != null) {
                    reply.complete(message);
                }
            }

            @Override
            public void onException(Throwable e) {
                reply.completeExceptionally(e);
            }
        }, 20_000);
        return reply.get(30, TimeUnit.SECONDS);
    }

    @Test
    void eachRequestGetsItsOwnReplyAndTheRepliesAreStored() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        DefaultMQProducer requester = requester("sync");
        startResponder("RequestTopic");

        for (int i = 0; i < 5; i++) {
            Message request = message("RequestTopic", "request-" + i);
            Message reply = requestAndWait(requester, request);
            assertThat(new String(reply.getBody(), StandardCharsets.UTF_8)).isEqualTo("reply to request-" + i);
            assertThat(reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID))
                    .isEqualTo(request.getProperty(MessageConst.PROPERTY_CORRELATION_ID));
            assertThat(reply.getTopic()).isEqualTo(REPLY_TOPIC);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.broker().store().maxOffsetInQueue(REPLY_TOPIC, 0) == 5);
    }

    @Test
    void repliesGoToTheClientThatAskedAndNotToAnother() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        DefaultMQProducer first = requester("first");
        DefaultMQProducer second = requester("second");
        startResponder("RequestTopic");

        Map<String, String> replies = new ConcurrentHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (DefaultMQProducer requester : List.of(first, second)) {
                String body = requester.getInstanceName() + "#" + i;
                requester.request(message("RequestTopic", body), new RequestCallback() {
                    @Override
                    public void onSuccess(Message reply) {
                        if (reply != null) {
                            replies.put(body, new String(reply.getBody(), StandardCharsets.UTF_8));
                        }
                    }

                    @Override
                    public void onException(Throwable e) {
                        failures.add(e);
                    }
                }, 20_000);
            }
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> replies.size() + failures.size() == 20);
        assertThat(failures).isEmpty();
        replies.forEach((request, reply) -> assertThat(reply).isEqualTo("reply to " + request));
    }

    @Test
    void withStoringOffTheReplyIsPushedButNotStored() throws Exception {
        cluster = closer.add(new LocalCluster(dir, config -> config.storeReplyMessageEnable(false)),
                LocalCluster::close);
        DefaultMQProducer requester = requester("unstored");
        startResponder("RequestTopic");

        Message reply = requestAndWait(requester, message("RequestTopic", "not kept"));

        assertThat(new String(reply.getBody(), StandardCharsets.UTF_8)).isEqualTo("reply to not kept");
        assertThat(cluster.broker().store().maxOffsetInQueue(REPLY_TOPIC, 0)).isZero();
    }
}
