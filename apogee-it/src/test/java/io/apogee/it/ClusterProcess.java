package io.apogee.it;

import java.nio.file.Path;

/**
 * A {@link LocalCluster} as a process of its own, for tests that kill the broker with SIGKILL: it
 * starts a name server and a broker over the directory given as the only argument, prints one
 * line {@code READY <namesrvAddr>}, and runs until it is killed.
 */
final class ClusterProcess {

    /** What the ready line starts with. */
    static final String READY = "READY ";

    private ClusterProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCluster cluster = new LocalCluster(Path.of(args[0]));
        System.out.println(READY + cluster.namesrvAddr());
        System.out.flush();
        Thread.currentThread().join();
    }
}
