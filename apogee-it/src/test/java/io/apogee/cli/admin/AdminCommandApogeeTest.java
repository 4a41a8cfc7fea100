package io.apogee.cli.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.client.consumer.ConsumeConcurrentlyStatus;
import io.apogee.client.consumer.MessageListenerConcurrently;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.cli.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every {@code apogee admin} command, run in-process through the launcher's command line against an
 * Apogee name server and broker on loopback ephemeral ports; checks what each prints, not only its
 * exit code.
 */
class AdminCommandApogeeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static NameServer nameServer;
    private static Broker broker;
    private static String ns;

    @BeforeAll
    static void start() {
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
        ns = "127.0.0.1:" + nameServer.localAddress().getPort();
        broker = new Broker(new BrokerConfig().brokerName("broker-a").bindAddress("127.0.0.1").listenPort(0)
                .namesrvAddr(ns).store(MessageStoreConfig.from(Map.of(
                        MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024)))));
        broker.start();
        await().atMost(WAIT).until(() -> admin(ns, "cluster", "list").out().contains("broker-a"));
    }

    @AfterAll
    static void stop() {
        broker.shutdown();
        nameServer.shutdown();
    }

    private static AdminRun ok(String... args) {
        AdminRun run = admin(ns, args);
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        return run;
    }

    @Test
    void clusterListShowsTheBrokerWithRoleAddressAndVersion() {
        AdminRun table = ok("cluster", "list");
        assertThat(table.out()).contains("DefaultCluster", "broker-a", "MASTER", broker.brokerAddr())
                .doesNotContain(ClusterCommands.UNAVAILABLE);
        JSONObject row = ok("cluster", "list", "-o", "json").jsonArray().getJSONObject(0);
        assertThat(row.getString("role")).isEqualTo("MASTER");
        assertThat(row.getString("address")).isEqualTo(broker.brokerAddr());
        assertThat(row.getString("version")).isNotBlank().isNotEqualTo(ClusterCommands.UNAVAILABLE);
        assertThat(row.get("putTps")).isInstanceOf(Number.class);
        assertThat(ok("clusterList").out()).startsWith(table.out().lines().findFirst().orElseThrow())
                .contains("broker-a", "MASTER", broker.brokerAddr());
    }

    @Test
    void brokerStatusAndConfigGetAndSet() {
        assertThat(ok("broker", "status", "-b", broker.brokerAddr()).out()).contains("brokerVersionDesc", "putTps");
        JSONArray setting = ok("broker", "config", "get", "-b", broker.brokerAddr(), "-k", "brokerName", "-o", "json")
                .jsonArray();
        assertThat(setting.getJSONObject(0).getString("value")).isEqualTo("broker-a");

        ok("broker", "config", "set", "-b", broker.brokerAddr(), "-k", "autoCreateTopicEnable", "-v", "false");
        assertThat(ok("getBrokerConfig", "-b", broker.brokerAddr(), "-k", "autoCreateTopicEnable").out())
                .contains("autoCreateTopicEnable  false");
        ok("updateBrokerConfig", "-b", broker.brokerAddr(), "-k", "autoCreateTopicEnable", "-v", "true");
        JSONObject cluster = ok("broker", "config", "set", "-c", "DefaultCluster", "-k", "autoCreateTopicEnable",
                "-v", "false", "-o", "json").jsonObject();
        assertThat(cluster.getJSONArray("brokers")).containsExactly(broker.brokerAddr());
        assertThat(ok("broker", "config", "get", "-b", broker.brokerAddr(), "-k", "autoCreateTopicEnable").out())
                .contains("autoCreateTopicEnable  false");
        ok("broker", "config", "set", "-c", "DefaultCluster", "-k", "autoCreateTopicEnable", "-v", "true");
        assertThat(admin(ns, "broker", "config", "set", "-c", "NoSuchCluster", "-k", "autoCreateTopicEnable",
                "-v", "true").err()).contains("NoSuchCluster").hasLineCount(1);

        AdminRun refused = admin(ns, "broker", "config", "set", "-b", broker.brokerAddr(), "-k", "brokerName",
                "-v", "other");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot be changed at run time").hasLineCount(1);
    }

    @Test
    void topicCreateListDescribeUpdateDelete() {
        assertThat(ok("topic", "create", "-t", "CliTopic", "-r", "4", "-w", "4").out())
                .contains("created topic CliTopic");
        await().atMost(WAIT).until(() -> admin(ns, "topic", "list").out().lines().anyMatch("CliTopic"::equals));
        assertThat(ok("topicList", "-o", "json").jsonArray()).anyMatch(r -> "CliTopic".equals(((JSONObject) r)
                .getString("topic")));

        ok("message", "send", "-t", "CliTopic", "-p", "hello");
        JSONObject described = ok("topic", "describe", "-t", "CliTopic", "-o", "json").jsonObject();
        assertThat(described.getString("topic")).isEqualTo("CliTopic");
        JSONObject route = described.getJSONArray("route").getJSONObject(0);
        assertThat(route.getString("address")).isEqualTo(broker.brokerAddr());
        assertThat(route.getIntValue("writeQueues")).isEqualTo(4);
        JSONArray queues = described.getJSONArray("queues");
        assertThat(queues).hasSize(4);
        assertThat(queues.stream().mapToLong(q -> ((JSONObject) q).getLongValue("maxOffset")).sum()).isEqualTo(1);
        assertThat(ok("topicStatus", "-t", "CliTopic").out()).contains("# route", "# queues", "minOffset");

        ok("topic", "update", "-t", "CliTopic", "-w", "2", "-p", "4");
        await().atMost(WAIT).untilAsserted(() -> {
            JSONObject r = ok("topic", "describe", "-t", "CliTopic", "-o", "json").jsonObject().getJSONArray("route")
                    .getJSONObject(0);
            assertThat(r.getIntValue("writeQueues")).isEqualTo(2);
            assertThat(r.getIntValue("readQueues")).as("not given, so unchanged").isEqualTo(4);
            assertThat(r.getIntValue("perm")).isEqualTo(4);
        });
        ok("topic", "create", "-t", "CliBrokerTopic", "-b", broker.brokerAddr(), "-r", "3", "-w", "3");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok("topic", "describe", "-t", "CliBrokerTopic", "-o",
                "json").jsonObject().getJSONArray("route").getJSONObject(0).getIntValue("writeQueues")).isEqualTo(3));

        AdminRun missing = admin(ns, "topic", "update", "-t", "NoSuchCliTopic");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("NoSuchCliTopic").hasLineCount(1);

        assertThat(ok("deleteTopic", "-t", "CliTopic", "-o", "json").jsonObject().getBoolean("ok")).isTrue();
        assertThat(ok("topic", "list").out().lines()).doesNotContain("CliTopic");
        assertThat(admin(ns, "topic", "describe", "-t", "CliTopic").exit()).isEqualTo(1);
    }

    @Test
    void messagesByIdKeyUniqueIdAndOffsetPrintAndResend() {
        ok("topic", "create", "-t", "MsgTopic", "-r", "1", "-w", "1");
        JSONObject sent = null;
        for (int i = 0; i < 5; i++) {
            sent = ok("message", "send", "-t", "MsgTopic", "-p", "body-" + i, "-k", "key-" + i, "-c", "TagA",
                    "-o", "json").jsonArray().getJSONObject(0);
            assertThat(sent.getString("status")).isEqualTo("SEND_OK");
        }
        String offsetId = sent.getString("offsetMsgId");
        String uniqueId = sent.getString("msgId");

        assertThat(ok("message", "get", "-i", offsetId).out()).contains("body-4", "key-4", "TagA");
        JSONObject byUnique = ok("queryMsgById", "-i", uniqueId, "-t", "MsgTopic", "-o", "json").jsonArray()
                .getJSONObject(0);
        assertThat(byUnique.getString("body")).isEqualTo("body-4");
        JSONArray byKey = ok("queryMsgByKey", "-t", "MsgTopic", "-k", "key-2", "-o", "json").jsonArray();
        assertThat(byKey).hasSize(1);
        assertThat(byKey.getJSONObject(0).getString("body")).isEqualTo("body-2");
        JSONArray byOffset = ok("message", "get", "-t", "MsgTopic", "-b", "broker-a", "-q", "0", "--offset", "3",
                "-o", "json").jsonArray();
        assertThat(byOffset.getJSONObject(0).getString("body")).isEqualTo("body-3");
        AdminRun none = admin(ns, "message", "get", "-t", "MsgTopic", "-k", "no-such-key");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no message found");

        JSONArray range = ok("message", "print", "-t", "MsgTopic", "-q", "0", "--from", "1", "--to", "4", "-o", "json")
                .jsonArray();
        assertThat(range.stream().map(m -> ((JSONObject) m).getString("body")))
                .containsExactly("body-1", "body-2", "body-3");
        assertThat(ok("printMsg", "-t", "MsgTopic").out().lines().filter(l -> l.contains("body-"))).hasSize(5);

        ok("message", "resend", "-g", "resend_group", "-i", offsetId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin(ns, "message", "print", "-t",
                "%RETRY%resend_group").out()).contains("body-4"));
    }

    @Test
    void groupsCreateListUpdateDescribeResetAndDelete() throws Exception {
        ok("topic", "create", "-t", "GroupTopic", "-r", "2", "-w", "2");
        for (int i = 0; i < 6; i++) {
            ok("message", "send", "-t", "GroupTopic", "-p", "g-" + i);
        }
        assertThat(ok("group", "create", "-g", "cli_group", "-r", "3").out()).contains("created group cli_group");
        JSONObject listed = ok("group", "list", "-o", "json").jsonArray().stream().map(o -> (JSONObject) o)
                .filter(o -> "cli_group".equals(o.getString("group"))).findFirst().orElseThrow();
        assertThat(listed.getIntValue("retryMaxTimes")).isEqualTo(3);
        ok("group", "update", "-g", "cli_group", "--orderly");
        JSONObject updated = ok("group", "list", "-o", "json").jsonArray().stream().map(o -> (JSONObject) o)
                .filter(o -> "cli_group".equals(o.getString("group"))).findFirst().orElseThrow();
        assertThat(updated.getBoolean("orderly")).isTrue();
        assertThat(updated.getIntValue("retryMaxTimes")).as("not given, so unchanged").isEqualTo(3);
        ok("group", "update", "-g", "cli_group", "-r", "5");
        assertThat(ok("group", "list").out().lines().filter(l -> l.startsWith("cli_group ")))
                .singleElement().asString().contains("true").endsWith("5");

        ok("group", "reset-offsets", "-g", "cli_group", "-t", "GroupTopic", "--to-earliest");
        JSONObject lagAll = ok("consumerProgress", "-g", "cli_group", "-t", "GroupTopic", "-o", "json").jsonObject();
        assertThat(lagAll.getLongValue("totalLag")).isEqualTo(6);
        assertThat(lagAll.getJSONArray("queues")).hasSize(2);

        JSONArray latest = ok("group", "reset-offsets", "-g", "cli_group", "-t", "GroupTopic", "--to-latest",
                "-o", "json").jsonArray();
        assertThat(latest.stream().mapToLong(q -> ((JSONObject) q).getLongValue("offset")).sum()).isEqualTo(6);
        assertThat(ok("group", "describe", "-g", "cli_group", "-o", "json").jsonObject().getLongValue("totalLag"))
                .isZero();

        ok("group", "reset-offsets", "-g", "cli_group", "-t", "GroupTopic", "--to-offset", "1");
        JSONObject atOne = ok("group", "describe", "-g", "cli_group", "-t", "GroupTopic", "-o", "json").jsonObject();
        // Each queue's offset is 1 or, in a queue that got no message, 0: each send's fresh producer picks its queue.
        assertThat(atOne.getJSONArray("queues").stream().map(q -> (JSONObject) q)).allSatisfy(q -> assertThat(
                q.getLongValue("consumerOffset")).isEqualTo(Math.min(1, q.getLongValue("brokerOffset"))));
        assertThat(atOne.getLongValue("totalLag")).isEqualTo(atOne.getJSONArray("queues").stream()
                .mapToLong(q -> ((JSONObject) q).getLongValue("lag")).sum()).isBetween(6L - 2, 6L - 1);
        ok("resetOffsetByTime", "-g", "cli_group", "-t", "GroupTopic", "-s", "0");
        assertThat(ok("group", "describe", "-g", "cli_group", "-o", "json").jsonObject().getLongValue("totalLag"))
                .isEqualTo(6);

        AtomicInteger consumed = new AtomicInteger();
        PushConsumer consumer = countingConsumer("cli_group", "GroupTopic", consumed);
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                JSONObject d = ok("group", "describe", "-g", "cli_group", "-o", "json").jsonObject();
                assertThat(d.getJSONArray("members")).singleElement().satisfies(m -> assertThat(((JSONObject) m)
                        .getString("clientId")).isEqualTo(consumer.clientInstance().clientId()));
                assertThat(d.getJSONArray("subscriptions").stream().map(t -> ((JSONObject) t).getString("topic")))
                        .contains("GroupTopic");
                assertThat(d.getLongValue("totalLag")).isZero();
            });
            assertThat(ok("group", "describe", "-g", "cli_group").out()).contains("# members", "# subscriptions",
                    "# queues", consumer.clientInstance().clientId());
        } finally {
            consumer.shutdown();
        }
        assertThat(consumed.get()).isGreaterThanOrEqualTo(6);

        ok("group", "delete", "-g", "cli_group");
        assertThat(ok("group", "list").out().lines()).noneMatch(l -> l.startsWith("cli_group "));
        assertThat(admin(ns, "group", "update", "-g", "cli_group").exit()).isEqualTo(1);
    }

    @Test
    void runningMembersFollowAReset() {
        ok("topic", "create", "-t", "OnlineResetTopic", "-r", "2", "-w", "2");
        // A consumer asks for its topics' routes when it starts and then every 30 s: wait until there is one.
        await().atMost(WAIT).until(() -> admin(ns, "topic", "describe", "-t", "OnlineResetTopic").exit() == 0);
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer consumer = countingConsumer("online_group", "OnlineResetTopic", consumed);
        try {
            await().atMost(WAIT).until(() -> consumer.assignedQueues().stream()
                    .filter(q -> q.topic().equals("OnlineResetTopic")).count() == 2);
            for (int i = 0; i < 6; i++) {
                ok("message", "send", "-t", "OnlineResetTopic", "-p", "r-" + i);
            }
            await().atMost(WAIT).until(() -> consumed.get() == 6);

            JSONArray reset = ok("group", "reset-offsets", "-g", "online_group", "-t", "OnlineResetTopic",
                    "--to-earliest", "-o", "json").jsonArray();
            assertThat(reset.stream().mapToLong(q -> ((JSONObject) q).getLongValue("offset")).sum()).isZero();
            await().atMost(WAIT).until(() -> consumed.get() == 12);
            await().atMost(WAIT).untilAsserted(() -> assertThat(ok("group", "describe", "-g", "online_group", "-o",
                    "json").jsonObject().getLongValue("totalLag")).isZero());
        } finally {
            consumer.shutdown();
        }
    }

    /** A started push consumer of the whole topic that counts what it consumes. */
    private static PushConsumer countingConsumer(String group, String topic, AtomicInteger consumed) {
        PushConsumer consumer = new PushConsumer(group);
        consumer.setNamesrvAddr(ns);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            consumed.addAndGet(messages.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    @Test
    void kvListSetGetDelete() {
        ok("kv", "set", "-s", "CLI_LIST_NS", "-k", "a", "-v", "1");
        ok("kv", "set", "-s", "CLI_LIST_NS", "-k", "b", "-v", "2");
        JSONArray listed = ok("kv", "list", "-s", "CLI_LIST_NS", "-o", "json").jsonArray();
        assertThat(listed.stream().map(r -> ((JSONObject) r).getString("key") + "=" + ((JSONObject) r)
                .getString("value"))).containsExactly("a=1", "b=2");
        assertThat(ok("kv", "list", "-s", "CLI_EMPTY_NS").out().lines()).hasSize(1);

        ok("kv", "set", "-s", "CLI_NS", "-k", "color", "-v", "blue");
        assertThat(ok("kv", "get", "-s", "CLI_NS", "-k", "color", "-o", "json").jsonArray().getJSONObject(0)
                .getString("value")).isEqualTo("blue");
        ok("deleteKvConfig", "-s", "CLI_NS", "-k", "color");
        AdminRun gone = admin(ns, "kv", "get", "-s", "CLI_NS", "-k", "color");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("apogee admin kv get: no KV setting CLI_NS/color" + System.lineSeparator());
    }

    @Test
    void usageMistakesAreOneLineAndExitCodeTwo() {
        for (String[] args : new String[][] {
                {"topic", "create"},
                {"topic", "create", "-t", "X", "--no-such-option"},
                {"group", "reset-offsets", "-g", "g", "-t", "t"},
                {"group", "reset-offsets", "-g", "g", "-t", "t", "--to-earliest", "--to-latest"},
                {"group", "reset-offsets", "-g", "g", "-t", "t", "--to-time", "yesterday"},
                {"message", "get", "-k", "key-without-topic"},
                {"topic", "list", "-o", "xml"},
                {"broker", "config", "set", "-b", "127.0.0.1:1", "-c", "DefaultCluster", "-k", "k", "-v", "v"},
                {"nosuchnoun"},
        }) {
            AdminRun run = admin(ns, args);
            assertThat(run.exit()).as(String.join(" ", args) + "\n" + run).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("apogee admin").hasLineCount(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anUnreachableNameServerIsAFailedOperationInOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        AdminRun run = admin("127.0.0.1:" + closed, "topic", "list", "--timeout", "2000");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("apogee admin topic list: ").contains("127.0.0.1:" + closed)
                .hasLineCount(1);
    }

    @Test
    void nameServerComesFromTheEnvironmentWhenNotGiven() {
        for (String[] args : new String[][] {{"topic", "list"}, {"topicList"}}) {
            AdminRun none = admin(null, args);
            assertThat(none.exit()).as(none.toString()).isEqualTo(2);
            assertThat(none.err()).contains("NAMESRV_ADDR").hasLineCount(1);
        }
        System.setProperty("rocketmq.namesrv.addr", ns);
        try {
            assertThat(admin(null, "cluster", "list").out()).contains("broker-a");
        } finally {
            System.clearProperty("rocketmq.namesrv.addr");
        }
    }

    @Test
    void everyCommandHasHelp() {
        AdminRun admin = admin(null, "--help");
        assertThat(admin.exit()).isZero();
        assertThat(admin.out()).contains("cluster", "broker", "topic", "group", "message", "kv", "Exit codes")
                .doesNotContain("updateTopic ");
        AdminRun create = admin(null, "topic", "create", "--help");
        assertThat(create.exit()).isZero();
        assertThat(create.out()).contains("--read-queues", "--namesrv", "--output");
        assertThat(admin(null, "updateTopic", "--help").out()).isEqualTo(create.out());
        AdminRun bare = admin(null);
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).hasLineCount(1).contains("missing command");
    }

    @Test
    void logsStayOffStdoutSoThatJsonAnswersParse() {
        ok("cluster", "list", "-o", "json");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("io.apogee.client").getLevel()).isEqualTo(Level.WARN);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<String> consoleTargets = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof ConsoleAppender<?> console) {
                consoleTargets.add(console.getTarget());
            }
        });
        assertThat(consoleTargets).isNotEmpty().containsOnly("System.err");
    }

    @Test
    void aliasesAreListed() {
        assertThat(admin(null, "aliases").out()).contains("updateTopic", "topic create", "consumerProgress", "group describe");
    }
}
