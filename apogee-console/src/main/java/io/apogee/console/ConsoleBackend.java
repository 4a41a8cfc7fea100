package io.apogee.console;

import io.apogee.client.ClientOptions;
import io.apogee.client.admin.Admin;
import io.apogee.client.producer.Producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the console reaches the cluster with: one admin client (the one {@code apogee admin} uses), one
 * producer for test messages, and the briefly cached topic and group lists. Both clients are made on
 * first use, so a server whose console nobody opens pays nothing for it.
 *
 * <p>Thread safety: safe from the console's request threads.
 */
final class ConsoleBackend implements AutoCloseable {

    /** How long a cluster-wide list is reused: long enough for paging, short enough to see others' changes. */
    static final long LIST_TTL_MILLIS = 5_000;

    private final String namesrvAddr;
    private Admin admin;
    private Producer producer;
    final ListCache topics;
    final ListCache groups;

    ConsoleBackend(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
        this.topics = new ListCache(() -> new ArrayList<>(admin().fetchAllTopicList()), LIST_TTL_MILLIS);
        this.groups = new ListCache(this::allGroups, LIST_TTL_MILLIS);
    }

    /** Threads that fetch a page's rows at once: each waits on the network, not the CPU. */
    private final ExecutorService rows = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "apogee-console-rows-" + ROW_THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final AtomicInteger ROW_THREADS = new AtomicInteger();

    Executor rowPool() {
        return rows;
    }

    synchronized Admin admin() {
        if (admin == null) {
            ClientOptions options = new ClientOptions();
            options.setNamesrvAddr(namesrvAddr);
            admin = new Admin(options);
        }
        return admin;
    }

    synchronized Producer producer() {
        if (producer == null) {
            Producer p = new Producer("APOGEE_CONSOLE_PRODUCER");
            p.setNamesrvAddr(namesrvAddr);
            p.setInstanceName("apogee-console");
            p.start();
            producer = p;
        }
        return producer;
    }

    /** The cluster names the name servers know, sorted. */
    List<String> clusters() {
        return admin().examineBrokerClusterInfo().clusterAddrTable().keySet().stream().sorted().toList();
    }

    private List<String> allGroups() {
        List<String> names = new ArrayList<>();
        for (String cluster : clusters()) {
            Set<String> keys = admin().groups(cluster).keySet();
            names.addAll(keys);
        }
        return names.stream().distinct().toList();
    }

    @Override
    public synchronized void close() {
        rows.shutdownNow();
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
