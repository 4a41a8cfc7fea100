package io.apogee.client;

import io.apogee.client.producer.Producer;

import java.nio.file.Path;

/**
 * An {@link ApogeeCluster} with one started producer, as consumer tests share them across a test
 * class: create it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 *
 * <p>Thread safety: as the producer and cluster it holds.
 */
public final class ClusterWithProducer implements AutoCloseable {

    private final ApogeeCluster cluster;
    private final Producer producer;

    public ClusterWithProducer(Path dir, String producerGroup) {
        cluster = new ApogeeCluster(dir);
        producer = new Producer(producerGroup);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.start();
    }

    public String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    public Producer producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.shutdown();
        cluster.close();
    }
}
