package io.apogee.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apogee faults}: starts a {@link LocalCluster}, runs the {@link FaultHarness} against it and prints the
 * verdict; exit code 0 when nothing acknowledged was lost and nothing was invented, 1 otherwise. With
 * {@code --broker-role ASYNC_MASTER} a master acknowledges before its slaves hold the message, so a failover may
 * lose the newest acknowledged messages: the run counts them, and only invented messages fail it.
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Kill, pause, cut off and restart members of a local three-replica cluster under load, then check that "
                + "no acknowledged message was lost and none invented; prints recovery times per fault.")
final class FaultsCommand implements Callable<Integer> {

    @Option(names = "--fault", split = ",", paramLabel = "FAULT",
            defaultValue = "master-kill,master-pause,master-cut,slave-restart,controller-leader-kill,"
                    + "leader-and-master-kill,rolling-restart",
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

    @Option(names = "--broker-role", paramLabel = "ROLE", defaultValue = "SYNC_MASTER",
            description = "SYNC_MASTER (acknowledge once every in-sync replica holds the message) or ASYNC_MASTER "
                    + "(acknowledge after the master's own write; counts what a failover loses). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String brokerRole;

    @Option(names = "--client", paramLabel = "CLIENT", defaultValue = "official",
            description = "The producer that sends: official (Apache RocketMQ's client, asking the name servers for "
                    + "routes every second) or apogee (asks again after a failed send). Default: ${DEFAULT-VALUE}.")
    private String client;

    @Override
    public Integer call() throws Exception {
        List<FaultHarness.Fault> chosen = faults.stream()
                .map(f -> FaultHarness.Fault.valueOf(f.trim().toUpperCase().replace('-', '_'))).toList();
        LocalClusterLayout.clear(dir);
        try (LocalCluster cluster = new LocalCluster(new LocalClusterLayout(dir, basePort,
                brokerRole.toUpperCase(), true), "128m")) {
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "faults-stop"));
            if (!cluster.startAll()) {
                return 1;
            }
            FaultVerdict verdict = new FaultHarness(cluster, System.out, client).run(chosen, rounds, threads, rate);
            verdict.print(System.out);
            if (brokerRole.equalsIgnoreCase("ASYNC_MASTER")) {
                System.out.printf("ASYNC_MASTER: %d acknowledged messages were lost in failovers (the price of "
                        + "acknowledging before the slaves hold a message); %d invented%n", verdict.lost().size(),
                        verdict.invented().size());
                return verdict.invented().isEmpty() ? 0 : 1;
            }
            return verdict.passed() ? 0 : 1;
        }
    }
}
