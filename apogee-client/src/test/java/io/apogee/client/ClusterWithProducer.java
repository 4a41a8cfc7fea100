package io.apogee.client;

import io.apogee.client.producer.Producer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An {@link ApogeeCluster} with one started producer, shared by the tests of a class, as a JUnit
 * extension: register it on a static field with {@code @RegisterExtension}. It starts before the
 * class's tests, in the directory {@code dir} supplies then (a static {@code @TempDir} field is
 * set by that time), stops after them, and after each test shuts down the clients handed to
 * {@link #shutdownAfterEach}.
 *
 * <p>Thread safety: start, stop and registering clients happen on JUnit's test thread; the
 * producer is thread-safe.
 */
public final class ClusterWithProducer implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final Supplier<Path> dir;
    private final String producerGroup;
    private final List<Runnable> shutdowns = new ArrayList<>();
    private ApogeeCluster cluster;
    private Producer producer;

    public ClusterWithProducer(Supplier<Path> dir, String producerGroup) {
        this.dir = dir;
        this.producerGroup = producerGroup;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = new ApogeeCluster(dir.get());
        producer = new Producer(producerGroup);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        shutdowns.forEach(Runnable::run);
        shutdowns.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        producer.shutdown();
        cluster.close();
    }

    /** Runs {@code shutdown} after the current test, passed or failed. */
    public void shutdownAfterEach(Runnable shutdown) {
        shutdowns.add(shutdown);
    }

    public String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    public Producer producer() {
        return producer;
    }
}
