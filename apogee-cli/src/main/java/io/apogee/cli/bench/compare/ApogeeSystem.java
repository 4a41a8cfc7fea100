package io.apogee.cli.bench.compare;

import io.apogee.cli.ApogeeCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Apogee from this build: one {@code standalone} process (name server and broker), or, replicated, a name
 * server and a master and a slave process, each from the files {@link BrokerConfs} writes for the round.
 */
final class ApogeeSystem implements SystemUnderTest {

    /**
     * The JVM options the {@code apogee} start script gives every command when APOGEE_JAVA_OPTS is not set (a
     * test keeps the two equal), for comparisons with launcher defaults.
     */
    static final List<String> LAUNCHER_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

    private final String flushDiskType;
    private final Topology topology;

    ApogeeSystem(String flushDiskType, Topology topology) {
        this.flushDiskType = flushDiskType;
        this.topology = topology;
    }

    @Override
    public String name() {
        return "Apogee";
    }

    @Override
    public Running start(Path dir, Launcher launcher) throws IOException, InterruptedException {
        return topology == Topology.SINGLE ? standalone(dir, launcher) : replicated(dir, launcher);
    }

    private Running standalone(Path dir, Launcher launcher) throws IOException, InterruptedException {
        int namesrvPort = Launcher.freePort();
        Path conf = Files.writeString(dir.resolve("broker.conf"), "flushDiskType=" + flushDiskType + "\n");
        Process process = start(launcher, List.of("standalone", "-c", conf.toString(), "--data",
                dir.resolve("data").toString(), "--namesrv-port", Integer.toString(namesrvPort), "--broker-port",
                Integer.toString(Launcher.freeBrokerPort()), "--no-console"), dir.resolve("apogee.out"),
                "Apogee standalone ready", List.of());
        return new Running("127.0.0.1:" + namesrvPort, process.toHandle(), List.of(process));
    }

    private Running replicated(Path dir, Launcher launcher) throws IOException, InterruptedException {
        int namesrvPort = Launcher.freePort();
        List<Process> started = new ArrayList<>();
        started.add(start(launcher, List.of("namesrv", "-c", BrokerConfs.namesrv(dir, namesrvPort).toString()),
                dir.resolve("namesrv.out"), "Apogee name server ready", started));
        String ready = "Apogee broker " + BrokerConfs.BROKER_NAME + " ready";
        Process master = start(launcher, List.of("broker", "-c", BrokerConfs.broker(dir, "master",
                topology.masterRole(), 0, Launcher.freeBrokerPort(), namesrvPort, flushDiskType).toString()),
                dir.resolve("master.out"), ready, started);
        started.add(master);
        started.add(start(launcher, List.of("broker", "-c", BrokerConfs.broker(dir, "slave", "SLAVE", 1,
                Launcher.freeBrokerPort(), namesrvPort, flushDiskType).toString()),
                dir.resolve("slave.out"), ready, started));
        return new Running("127.0.0.1:" + namesrvPort, master.toHandle(), started);
    }

    /**
     * Starts {@code apogee <args>} (a name server on the small heap RocketMQ's gets, the rest on the broker
     * heap; with launcher defaults all on the start script's options) and waits for its ready line; on failure
     * stops it and {@code others}.
     */
    private static Process start(Launcher launcher, List<String> args, Path log, String readyText,
                                 List<Process> others) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName()));
        command.addAll(args);
        Process process = args.get(0).equals("namesrv")
                ? launcher.brokerSide(LAUNCHER_OPTIONS, "256m", command, log)
                : launcher.broker(LAUNCHER_OPTIONS, command, log);
        try {
            Launcher.awaitLine(process, log, readyText, 120);
            return process;
        } catch (IOException | InterruptedException e) {
            List<Process> all = new ArrayList<>(others);
            all.add(process);
            Launcher.stop(all);
            throw e;
        }
    }
}
