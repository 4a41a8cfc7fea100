package io.apogee.cli.admin;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.client.RocketMqCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.apogee.cli.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The smoke set of {@code apogee admin} against Apache RocketMQ 5.3.3's own name server and broker in
 * this JVM: cluster list, topic create/describe/delete, a group's lag, a message by key. Runs with
 * {@code -Procketmq}.
 */
class AdminCommandRocketMqTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void smokeSetWorksAgainstApacheRocketMq(@TempDir Path dir) throws Exception {
        try (RocketMqCluster cluster = new RocketMqCluster(dir)) {
            String ns = cluster.namesrvAddr();
            // RocketMQ's broker answers GET_BROKER_RUNTIME_INFO with an error until its first stats sample.
            await().atMost(WAIT).until(() -> admin(ns, "cluster", "list").out().contains("V5_3_3"));
            JSONObject broker = ok(ns, "clusterList", "-o", "json").jsonArray().getJSONObject(0);
            assertThat(broker.getString("role")).isEqualTo("MASTER");
            assertThat(broker.getString("address")).isEqualTo(cluster.brokerAddr());
            assertThat(broker.getString("version")).isEqualTo("V5_3_3");

            ok(ns, "topic", "create", "-t", "RmqCliTopic", "-r", "2", "-w", "2");
            await().atMost(WAIT).until(() -> admin(ns, "topic", "describe", "-t", "RmqCliTopic").exit() == 0);
            for (int i = 0; i < 4; i++) {
                ok(ns, "message", "send", "-t", "RmqCliTopic", "-p", "rmq-" + i, "-k", "rmq-key-" + i);
            }
            JSONObject described = ok(ns, "topic", "describe", "-t", "RmqCliTopic", "-o", "json").jsonObject();
            assertThat(described.getJSONArray("route").getJSONObject(0).getIntValue("writeQueues")).isEqualTo(2);
            JSONArray queues = described.getJSONArray("queues");
            assertThat(queues).hasSize(2);
            assertThat(queues.stream().mapToLong(q -> ((JSONObject) q).getLongValue("maxOffset")).sum()).isEqualTo(4);

            await().atMost(WAIT).untilAsserted(() -> {
                JSONArray byKey = ok(ns, "queryMsgByKey", "-t", "RmqCliTopic", "-k", "rmq-key-2", "-o", "json")
                        .jsonArray();
                assertThat(byKey).singleElement().satisfies(m -> assertThat(((JSONObject) m).getString("body"))
                        .isEqualTo("rmq-2"));
            });

            ok(ns, "group", "create", "-g", "rmq_cli_group");
            ok(ns, "group", "reset-offsets", "-g", "rmq_cli_group", "-t", "RmqCliTopic", "--to-offset", "1");
            await().atMost(WAIT).untilAsserted(() -> {
                JSONObject progress = ok(ns, "consumerProgress", "-g", "rmq_cli_group", "-t", "RmqCliTopic",
                        "-o", "json").jsonObject();
                assertThat(progress.getJSONArray("queues")).hasSize(2);
                // Each queue's offset is 1 or, in a queue that got no message, 0: fresh producers pick queues at random.
                assertThat(progress.getLongValue("totalLag")).isEqualTo(queues.stream().mapToLong(q -> {
                    long max = ((JSONObject) q).getLongValue("maxOffset");
                    return max - Math.min(1, max);
                }).sum());
            });

            ok(ns, "topic", "delete", "-t", "RmqCliTopic");
            await().atMost(WAIT).until(() -> admin(ns, "topic", "list").out().lines().noneMatch("RmqCliTopic"::equals));
            assertThat(admin(ns, "topic", "describe", "-t", "RmqCliTopic").exit()).isEqualTo(1);
        }
    }

    /** Beyond the smoke set: the other commands against the same kind of broker. */
    @Test
    void theOtherCommandsWorkAgainstApacheRocketMq(@TempDir Path dir) throws Exception {
        try (RocketMqCluster cluster = new RocketMqCluster(dir)) {
            String ns = cluster.namesrvAddr();
            await().atMost(WAIT).until(() -> admin(ns, "cluster", "list").out().contains("V5_3_3"));
            assertThat(ok(ns, "brokerStatus", "-b", cluster.brokerAddr()).out()).contains("brokerVersionDesc");
            assertThat(ok(ns, "broker", "config", "get", "-b", cluster.brokerAddr(), "-k", "brokerName").out())
                    .contains("rmq-broker-a");
            ok(ns, "broker", "config", "set", "-b", cluster.brokerAddr(), "-k", "autoCreateTopicEnable", "-v", "true");

            ok(ns, "topic", "create", "-t", "RmqMore", "-r", "1", "-w", "1");
            await().atMost(WAIT).until(() -> admin(ns, "topic", "describe", "-t", "RmqMore").exit() == 0);
            JSONObject sent = null;
            for (int i = 0; i < 3; i++) {
                sent = ok(ns, "message", "send", "-t", "RmqMore", "-p", "more-" + i, "-o", "json").jsonArray()
                        .getJSONObject(0);
            }
            String offsetId = sent.getString("offsetMsgId");
            assertThat(ok(ns, "message", "get", "-i", offsetId).out()).contains("more-2");
            String uniqueId = sent.getString("msgId");
            await().atMost(WAIT).untilAsserted(() -> assertThat(ok(ns, "message", "get", "-t", "RmqMore", "-i",
                    uniqueId).out()).contains("more-2"));
            assertThat(ok(ns, "message", "get", "-t", "RmqMore", "-b", "rmq-broker-a", "-q", "0", "--offset", "1")
                    .out()).contains("more-1");
            assertThat(ok(ns, "message", "print", "-t", "RmqMore", "-o", "json").jsonArray()).hasSize(3);

            ok(ns, "group", "create", "-g", "rmq_more_group", "-r", "2");
            ok(ns, "group", "update", "-g", "rmq_more_group", "-r", "4");
            assertThat(ok(ns, "group", "list", "-o", "json").jsonArray().stream().map(o -> (JSONObject) o)
                    .filter(o -> "rmq_more_group".equals(o.getString("group"))).findFirst().orElseThrow()
                    .getIntValue("retryMaxTimes")).isEqualTo(4);
            ok(ns, "group", "reset-offsets", "-g", "rmq_more_group", "-t", "RmqMore", "--to-latest");
            ok(ns, "resetOffsetByTime", "-g", "rmq_more_group", "-t", "RmqMore", "-s", "0");
            await().atMost(WAIT).untilAsserted(() -> assertThat(ok(ns, "group", "describe", "-g", "rmq_more_group",
                    "-t", "RmqMore", "-o", "json").jsonObject().getLongValue("totalLag")).isEqualTo(3));
            ok(ns, "message", "resend", "-g", "rmq_more_group", "-i", offsetId);
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin(ns, "message", "print", "-t",
                    "%RETRY%rmq_more_group").out()).contains("more-2"));
            ok(ns, "group", "delete", "-g", "rmq_more_group");

            ok(ns, "kv", "set", "-s", "RMQ_NS", "-k", "k", "-v", "v1");
            assertThat(ok(ns, "kv", "get", "-s", "RMQ_NS", "-k", "k").out()).contains("v1");
            ok(ns, "kv", "delete", "-s", "RMQ_NS", "-k", "k");
            assertThat(admin(ns, "kv", "get", "-s", "RMQ_NS", "-k", "k").exit()).isEqualTo(1);
        }
    }

    private static AdminRun ok(String ns, String... args) {
        AdminRun run = admin(ns, args);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }
}
