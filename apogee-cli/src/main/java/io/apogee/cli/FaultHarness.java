package io.apogee.cli;

import io.apogee.client.admin.Admin;
import io.apogee.client.message.MessageExt;
import io.apogee.controller.client.MasterView;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.TopicOffset;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injects faults into a running {@link LocalCluster} while {@link SendLedger} producers send numbered messages
 * (SYNC_FLUSH, three replicas, SYNC_MASTER unless the layout says ASYNC_MASTER), lets each fault heal, then reads
 * the whole topic back and judges
 * it ({@link FaultVerdict}): acknowledged but never delivered (lost), delivered but never sent (invented),
 * delivered twice (duplicated), and per fault the recovery time: the longest time without a successful send
 * from just before the fault until the cluster healed.
 *
 * <p>Thread safety: one thread runs it.
 */
final class FaultHarness {

    static final String TOPIC = "FaultHarnessTopic";
    private static final long HEAL_TIMEOUT_MILLIS = 90_000;
    /** Longer than the brokers' 3 s controller heartbeat timeout, so the controller acts on the fault. */
    private static final long PAUSE_MILLIS = 6_000;
    /** How long a cut-off master stays cut off after another was elected, both running at once. */
    private static final long CUT_AFTER_ELECTION_MILLIS = 3_000;

    /** The faults, each one round's work. */
    enum Fault {
        MASTER_KILL, MASTER_PAUSE, MASTER_CUT, SLAVE_RESTART, CONTROLLER_LEADER_KILL, LEADER_AND_MASTER_KILL,
        ROLLING_RESTART;

        String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final LocalCluster cluster;
    private final PrintStream out;
    private final String client;

    /** @param client the producer that sends: "official" (Apache RocketMQ's client) or "apogee" */
    FaultHarness(LocalCluster cluster, PrintStream out, String client) {
        this.cluster = cluster;
        this.out = out;
        this.client = client;
    }

    /** Runs every fault {@code rounds} times under load and judges what was delivered. */
    FaultVerdict run(List<Fault> faults, int rounds, int threads, int ratePerThread) throws Exception {
        awaitHealthy();
        createTopic();
        Map<Integer, Fault> faultOfRound = new HashMap<>();
        Map<Fault, List<Long>> recoveries = new LinkedHashMap<>();
        LedgerClient producer = LedgerClient.named(client, cluster.layout().namesrvAddr(),
                "fault-harness-" + ProcessHandle.current().pid());
        try (SendLedger ledger = new SendLedger(producer, TOPIC, threads, ratePerThread)) {
            int round = 0;
            for (int r = 0; r < rounds; r++) {
                for (Fault fault : faults) {
                    round++;
                    ledger.round(round);
                    faultOfRound.put(round, fault);
                    long roundStart = System.currentTimeMillis();
                    Thread.sleep(2_000);
                    // An outage is measured from the last success before the fault: there must be one.
                    awaitSuccessAfter(ledger, roundStart, "before round " + round);
                    long at = System.currentTimeMillis();
                    inject(fault);
                    awaitHealthy();
                    long healed = System.currentTimeMillis();
                    awaitSuccessAfter(ledger, healed, "after round " + round + " healed");
                    long rto = ledger.longestGapMillis(at, healed);
                    recoveries.computeIfAbsent(fault, f -> new ArrayList<>()).add(rto);
                    out.printf("round %d %-24s recovered in %d ms; failed sends so far %d (last: %s)%n", round,
                            fault.label(), rto, ledger.failures(), ledger.lastFailure());
                }
            }
            ledger.round(round + 1);
            Thread.sleep(2_000);
            ledger.close();
            FaultVerdict verdict = FaultVerdict.judge(ledger.attempted(), ledger.acknowledged(), readAll(),
                    faultOfRound, recoveries, ledger.failures());
            verdict.lost().stream().limit(20).forEach(id -> out.printf("lost %s, acknowledged as queue %s%n", id,
                    ledger.stored(id)));
            return verdict;
        }
    }

    private void inject(Fault fault) throws Exception {
        int master = masterIndex();
        switch (fault) {
            case MASTER_KILL -> {
                cluster.kill(master);
                awaitNewMaster(master);
                cluster.start(master);
            }
            case MASTER_PAUSE -> {
                cluster.pause(master);
                Thread.sleep(PAUSE_MILLIS);
                cluster.resume(master);
            }
            case MASTER_CUT -> {
                // A partition: the old master keeps running and writing to its disk, unreachable, while the
                // others elect a new master and take sends; it must stop acknowledging before that happens.
                cluster.cutOff(master);
                awaitNewMaster(master);
                Thread.sleep(CUT_AFTER_ELECTION_MILLIS);
                cluster.reconnect(master);
            }
            case SLAVE_RESTART -> {
                int slave = cluster.brokers().stream().filter(b -> b != master).findFirst().orElseThrow();
                cluster.kill(slave);
                Thread.sleep(2_000);
                cluster.start(slave);
            }
            case CONTROLLER_LEADER_KILL -> {
                int leader = awaitControllerLeader();
                cluster.kill(leader);
                Thread.sleep(3_000);
                cluster.start(leader);
            }
            case LEADER_AND_MASTER_KILL -> {
                int leader = awaitControllerLeader();
                cluster.kill(leader);
                cluster.kill(master);
                awaitNewMaster(master);
                cluster.start(leader);
                cluster.start(master);
            }
            case ROLLING_RESTART -> {
                for (int broker : cluster.brokers()) {
                    cluster.stop(broker);
                    cluster.start(broker);
                    awaitHealthy();
                }
            }
        }
    }

    private int masterIndex() throws InterruptedException {
        long deadline = System.currentTimeMillis() + HEAL_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            MasterView view = cluster.masterView();
            if (view != null && view.masterAddress() != null && cluster.indexOf(view.masterAddress()) >= 0) {
                return cluster.indexOf(view.masterAddress());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the broker group has no master");
    }

    private void awaitNewMaster(int old) throws InterruptedException {
        String oldAddress = cluster.members().get(old).address();
        long deadline = System.currentTimeMillis() + HEAL_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            MasterView view = cluster.masterView();
            if (view != null && view.masterAddress() != null && !view.masterAddress().equals(oldAddress)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no new master within " + HEAL_TIMEOUT_MILLIS + " ms");
    }

    private int awaitControllerLeader() throws InterruptedException {
        long deadline = System.currentTimeMillis() + HEAL_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            int leader = cluster.controllerLeader();
            if (leader >= 0) {
                return leader;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no controller leads");
    }

    /** Waits until every member runs and all three replicas are in the confirmed in-sync set. */
    private void awaitHealthy() throws InterruptedException {
        long deadline = System.currentTimeMillis() + HEAL_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            boolean running = true;
            for (int i = 0; i < cluster.members().size(); i++) {
                running &= cluster.process(i) != null && cluster.process(i).isAlive();
            }
            MasterView view = cluster.masterView();
            if (running && view != null && view.syncStateSet().size() == LocalClusterLayout.MEMBERS) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster did not heal within " + HEAL_TIMEOUT_MILLIS + " ms: "
                + cluster.masterView());
    }

    private static void awaitSuccessAfter(SendLedger ledger, long at, String when) throws InterruptedException {
        long deadline = System.currentTimeMillis() + HEAL_TIMEOUT_MILLIS;
        while (!ledger.succeededAfter(at)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no send succeeded " + when + " within " + HEAL_TIMEOUT_MILLIS
                        + " ms; the last failure: " + ledger.lastFailure());
            }
            Thread.sleep(100);
        }
    }

    /** Creates the topic on every broker, as one that existed long before the faults (slaves sync it anyway). */
    private void createTopic() {
        try (Admin admin = new Admin(cluster.layout().namesrvAddr())) {
            for (int broker : cluster.brokers()) {
                admin.createTopicOnBroker(cluster.members().get(broker).address(), TOPIC, 4);
            }
        }
    }

    /** Every message of the topic, as ids, read queue by queue from its first offset. */
    private List<String> readAll() {
        List<String> ids = new ArrayList<>();
        try (Admin admin = new Admin(cluster.layout().namesrvAddr())) {
            for (Map.Entry<MessageQueue, TopicOffset> queue : admin.topicOffsets(TOPIC).entrySet()) {
                long offset = queue.getValue().minOffset();
                while (offset < queue.getValue().maxOffset()) {
                    List<MessageExt> read = admin.readQueue(queue.getKey(), offset, 32);
                    if (read.isEmpty()) {
                        throw new IllegalStateException("nothing read from " + queue.getKey() + " at " + offset
                                + " below its end " + queue.getValue().maxOffset());
                    }
                    for (MessageExt m : read) {
                        ids.add(new String(m.getBody(), StandardCharsets.UTF_8));
                        offset = Math.max(offset, m.getQueueOffset() + 1);
                    }
                }
            }
        }
        return ids;
    }
}
