package io.apogee.cli.bench.compare;

import io.apogee.client.message.Message;
import io.apogee.client.producer.Producer;
import io.apogee.client.producer.SendStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a replicated system acknowledges a send as SEND_OK: a SYNC_MASTER does so only once its slave
 * has connected and holds the message, so a round's measurement starts with replication running, whichever
 * system and however long its slave takes to find the master.
 */
final class ReplicaProbe {

    static final String TOPIC = "BenchReplicaProbe";

    private ReplicaProbe() {
    }

    static void await(String namesrvAddr, long timeoutSeconds) throws IOException, InterruptedException {
        Producer producer = new Producer("bench_replica_probe");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("replica-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        producer.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            String last = "no send answered";
            while (System.nanoTime() < deadline) {
                try {
                    SendStatus status = producer.send(new Message(TOPIC, "probe".getBytes(StandardCharsets.UTF_8)),
                            3_000).sendStatus();
                    if (status == SendStatus.SEND_OK) {
                        return;
                    }
                    last = status.toString();
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
                Thread.sleep(200);
            }
            throw new IOException("the master did not acknowledge a replicated send within " + timeoutSeconds
                    + " s (last answer: " + last + ")");
        } finally {
            producer.shutdown();
        }
    }
}
