package io.apogee.cli;

import io.apogee.controller.client.MasterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apogee local-cluster}: a fault-tolerant cluster on this machine for trying failover, each member its own
 * process (so one can be killed): three controllers, a name server and one broker group of three replicas in
 * controller mode ({@link LocalClusterLayout}). It prints who is master, reports each change of master or in-sync
 * set and each member that exits, and stops every member on Ctrl-C.
 *
 * <p>Thread safety: runs on the calling thread; a shutdown hook stops the children.
 */
@Command(name = "local-cluster", mixinStandardHelpOptions = true,
        description = "Start 3 controllers, a name server and a broker group of 3 replicas on loopback, each its own "
                + "process, and report failovers; Ctrl-C stops them.")
final class LocalClusterCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "local-cluster",
            description = "Folder for every member's configuration, data and log (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--base-port", paramLabel = "N", defaultValue = "30000",
            description = "Ports are counted from this one (default: ${DEFAULT-VALUE}); see the README.")
    private int basePort;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "128m",
            description = "Largest heap of each member (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Override
    public Integer call() throws Exception {
        LocalCluster cluster = new LocalCluster(new LocalClusterLayout(dir, basePort), heap);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "local-cluster-stop"));
        if (!cluster.startAll()) {
            return 1;
        }
        List<LocalClusterLayout.Member> members = cluster.members();
        System.out.printf("Apogee local cluster under %s%n", dir.toAbsolutePath().normalize());
        for (int i = 0; i < members.size(); i++) {
            System.out.printf("  %-13s %-16s pid %d%n", members.get(i).name(), members.get(i).address(),
                    cluster.process(i).pid());
        }
        String namesrv = cluster.layout().namesrvAddr();
        System.out.printf("Clients: namesrvAddr=%s   Cluster view: ./apogee admin cluster list -n %s%n", namesrv,
                namesrv);
        System.out.println("Try a failover: kill -9 the master's pid; the master is named below. Ctrl-C stops all.");
        watch(cluster);
        return 0;
    }

    /** Prints each change of the group's master or in-sync set and each member that exits, until stopped. */
    private static void watch(LocalCluster cluster) throws InterruptedException {
        List<LocalClusterLayout.Member> members = cluster.members();
        boolean[] reported = new boolean[members.size()];
        MasterView shown = null;
        while (true) {
            for (int i = 0; i < members.size(); i++) {
                Process p = cluster.process(i);
                if (!p.isAlive() && !reported[i]) {
                    reported[i] = true;
                    say("%s (pid %d) exited with code %d; start it again with: ./apogee %s", members.get(i).name(),
                            p.pid(), p.exitValue(), String.join(" ", members.get(i).command()));
                }
            }
            MasterView view = cluster.masterView();
            if (view != null && view.masterAddress() != null && (shown == null
                    || !view.masterAddress().equals(shown.masterAddress()) || view.masterEpoch() != shown.masterEpoch()
                    || !view.syncStateSet().equals(shown.syncStateSet()))) {
                shown = view;
                int master = cluster.indexOf(view.masterAddress());
                String who = master < 0 ? view.masterAddress() : members.get(master).name() + " ("
                        + view.masterAddress() + ", pid " + cluster.process(master).pid() + ")";
                say("master of %s: %s at epoch %d, in-sync set %s", LocalClusterLayout.BROKER_NAME, who,
                        view.masterEpoch(), view.syncStateSet());
            }
            Thread.sleep(500);
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("%s  %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
    }
}
