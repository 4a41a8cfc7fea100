package io.apogee.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apogee faults}: starts a {@link LocalCluster}, runs the {@link FaultHarness} against it and prints the
 * verdict; exit code 0 when nothing acknowledged was lost and nothing was invented, 1 otherwise.
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Kill, pause and restart members of a local three-replica cluster under load, then check that "
                + "no acknowledged message was lost and none invented; prints recovery times per fault.")
final class FaultsCommand implements Callable<Integer> {

    @Option(names = "--fault", split = ",", paramLabel = "FAULT",
            defaultValue = "master-kill,master-pause,slave-restart,controller-leader-kill,leader-and-master-kill,"
                    + "rolling-restart",
            description = "Faults to inject, in turn: ${DEFAULT-VALUE}.")
    private List<String> faults;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "20",
            description = "Times each fault is injected (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "fault-cluster",
            description = "Folder of the cluster (default: ${DEFAULT-VALUE}); emptied first.")
    private Path dir;

    @Option(names = "--base-port", paramLabel = "N", defaultValue = "31000",
            description = "Ports are counted from this one (default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Sending threads.")
    private int threads;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "Sends per second per thread (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Override
    public Integer call() throws Exception {
        List<FaultHarness.Fault> chosen = faults.stream()
                .map(f -> FaultHarness.Fault.valueOf(f.trim().toUpperCase().replace('-', '_'))).toList();
        LocalClusterLayout.clear(dir);
        try (LocalCluster cluster = new LocalCluster(new LocalClusterLayout(dir, basePort), "128m")) {
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "faults-stop"));
            if (!cluster.startAll()) {
                return 1;
            }
            FaultVerdict verdict = new FaultHarness(cluster, System.out).run(chosen, rounds, threads, rate);
            verdict.print(System.out);
            return verdict.passed() ? 0 : 1;
        }
    }
}
