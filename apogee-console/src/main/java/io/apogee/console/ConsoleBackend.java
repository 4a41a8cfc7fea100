package io.apogee.console;

import io.apogee.client.ClientOptions;
import io.apogee.client.admin.Admin;
import io.apogee.client.producer.Producer;
import io.apogee.remoting.RpcHook;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the console reaches the cluster with: an admin client (the one {@code apogee admin} uses) and a
 * producer for test messages, per logged-in user when the servers check who signs (see
 * {@link #actAs}), plus the briefly cached topic and group lists. Clients are made on first use, so a server
 * whose console nobody opens pays nothing for it.
 *
 * <p>Thread safety: safe from the console's request threads; the acting user is per thread.
 */
final class ConsoleBackend implements AutoCloseable {

    /** How long a cluster-wide list is reused: long enough for paging, short enough to see others' changes. */
    static final long LIST_TTL_MILLIS = 5_000;
    /** Users whose clients stay open; the least recently used one's are closed beyond that. */
    static final int MAX_SIGNED_USERS = 16;

    private static final AtomicInteger ROW_THREADS = new AtomicInteger();

    private final String namesrvAddr;
    private final Clients unsigned;
    private final Map<String, Clients> signed = new LinkedHashMap<>(16, 0.75f, true);
    private final ThreadLocal<Clients> acting = new ThreadLocal<>();
    /** Threads that fetch a page's rows at once: each waits on the network, not the CPU. */
    private final ExecutorService rows = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "apogee-console-rows-" + ROW_THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    final ListCache topics;
    final ListCache groups;

    ConsoleBackend(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
        this.unsigned = new Clients(namesrvAddr, null, "apogee-console");
        this.topics = new ListCache(() -> new ArrayList<>(admin().fetchAllTopicList()), LIST_TTL_MILLIS);
        this.groups = new ListCache(this::allGroups, LIST_TTL_MILLIS);
    }

    /**
     * Makes this thread's calls use clients that sign with {@code signer} (kept per {@code key}, a user and
     * password), or unsigned ones when it is null, until the returned scope closes.
     */
    Scope actAs(String key, RpcHook signer) {
        Clients clients = signer == null ? unsigned : signedClients(key, signer);
        acting.set(clients);
        return acting::remove;
    }

    /** A scope of {@link #actAs}; closing it does not throw. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private synchronized Clients signedClients(String key, RpcHook signer) {
        Clients clients = signed.get(key);
        if (clients == null) {
            clients = new Clients(namesrvAddr, signer, "apogee-console-" + (signed.size() + 1));
            signed.put(key, clients);
            Iterator<Clients> oldest = signed.values().iterator();
            while (signed.size() > MAX_SIGNED_USERS) {
                oldest.next().close();
                oldest.remove();
            }
        }
        return clients;
    }

    private Clients current() {
        Clients clients = acting.get();
        return clients == null ? unsigned : clients;
    }

    /** Runs row fetches on the row threads as the user of the calling thread. */
    Executor rowPool() {
        return command -> {
            Clients clients = current();
            rows.execute(() -> {
                acting.set(clients);
                try {
                    command.run();
                } finally {
                    acting.remove();
                }
            });
        };
    }

    Admin admin() {
        return current().admin();
    }

    Producer producer() {
        return current().producer();
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

    /** Every group's lag, summed over every queue it has an offset in, over all masters: one request each. */
    Map<String, Long> groupLags() {
        Map<String, Long> lags = new TreeMap<>();
        admin().allGroupsProgress().forEach((group, progress) -> lags.put(group, GroupHandlers.totalLag(progress)));
        return lags;
    }

    @Override
    public synchronized void close() {
        rows.shutdownNow();
        unsigned.close();
        signed.values().forEach(Clients::close);
        signed.clear();
    }

    /** One identity's clients, each made on first use. */
    private static final class Clients {
        private final String namesrvAddr;
        private final RpcHook signer;
        private final String instanceName;
        private Admin admin;
        private Producer producer;
        private boolean closed;

        Clients(String namesrvAddr, RpcHook signer, String instanceName) {
            this.namesrvAddr = namesrvAddr;
            this.signer = signer;
            this.instanceName = instanceName;
        }

        synchronized Admin admin() {
            checkOpen();
            if (admin == null) {
                ClientOptions options = new ClientOptions();
                options.setNamesrvAddr(namesrvAddr);
                options.setRpcHook(signer);
                admin = new Admin(options);
            }
            return admin;
        }

        synchronized Producer producer() {
            checkOpen();
            if (producer == null) {
                Producer p = new Producer("APOGEE_CONSOLE_PRODUCER");
                p.setNamesrvAddr(namesrvAddr);
                p.setInstanceName(instanceName);
                p.setRpcHook(signer);
                p.start();
                producer = p;
            }
            return producer;
        }

        private void checkOpen() {
            if (closed) {
                throw new ApiException(503, "the console closed this user's connections; log in again");
            }
        }

        synchronized void close() {
            closed = true;
            if (producer != null) {
                producer.shutdown();
            }
            if (admin != null) {
                admin.close();
            }
        }
    }
}
