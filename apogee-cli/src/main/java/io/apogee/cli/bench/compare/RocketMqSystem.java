package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache RocketMQ 5.3.3 from its Maven Central jars: a name server and a broker process (and a slave process
 * when replicated), started as its own start-up classes start them, with the files {@link BrokerConfs} writes
 * for the round.
 */
final class RocketMqSystem implements SystemUnderTest {

    /** The heap and collector options of RocketMQ's {@code bin/runbroker.sh} on a JDK 9 or later. */
    static final List<String> BROKER_LAUNCHER_OPTIONS = List.of("-server", "-Xms8g", "-Xmx8g", "-XX:+UseG1GC",
            "-XX:G1HeapRegionSize=16m", "-XX:G1ReservePercent=25", "-XX:InitiatingHeapOccupancyPercent=30",
            "-XX:SoftRefLRUPolicyMSPerMB=0", "-XX:-OmitStackTraceInFastThrow", "-XX:+AlwaysPreTouch",
            "-XX:MaxDirectMemorySize=15g", "-XX:-UseLargePages");
    /** Those of its {@code bin/runserver.sh}, for the name server. */
    static final List<String> NAMESRV_LAUNCHER_OPTIONS = List.of("-server", "-Xms4g", "-Xmx4g",
            "-XX:MetaspaceSize=128m", "-XX:MaxMetaspaceSize=320m", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=16m",
            "-XX:G1ReservePercent=25", "-XX:InitiatingHeapOccupancyPercent=30", "-XX:SoftRefLRUPolicyMSPerMB=0",
            "-XX:-OmitStackTraceInFastThrow", "-XX:-UseLargePages");

    private final String classpath;
    private final String flushDiskType;
    private final Topology topology;

    RocketMqSystem(String classpath, String flushDiskType, Topology topology) {
        this.classpath = classpath;
        this.flushDiskType = flushDiskType;
        this.topology = topology;
    }

    @Override
    public String name() {
        return "RocketMQ 5.3.3";
    }

    @Override
    public Running start(Path dir, Launcher launcher) throws IOException, InterruptedException {
        int namesrvPort = Launcher.freePort();
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> common = List.of("-Duser.home=" + home, "-Drocketmq.home.dir=" + home,
                "-Drocketmq.log.root=" + dir.resolve("logs"), "-Dio.netty.leakDetection.level=disabled",
                "-cp", classpath);
        List<Process> started = new ArrayList<>();
        try {
            Path namesrvLog = dir.resolve("namesrv.out");
            Process namesrv = launcher.brokerSide(NAMESRV_LAUNCHER_OPTIONS, "256m", args(common,
                    "org.apache.rocketmq.namesrv.NamesrvStartup", BrokerConfs.namesrv(dir, namesrvPort)), namesrvLog);
            started.add(namesrv);
            Launcher.awaitLine(namesrv, namesrvLog, "The Name Server boot success", 120);
            Process master = broker(dir, launcher, common, "master", topology.masterRole(), 0, namesrvPort);
            started.add(master);
            if (topology == Topology.REPLICATED) {
                started.add(broker(dir, launcher, common, "slave", "SLAVE", 1, namesrvPort));
            }
            return new Running("127.0.0.1:" + namesrvPort, master.toHandle(), started);
        } catch (IOException | InterruptedException e) {
            Launcher.stop(started);
            throw e;
        }
    }

    private Process broker(Path dir, Launcher launcher, List<String> common, String name, String role, int id,
                           int namesrvPort) throws IOException, InterruptedException {
        Path conf = BrokerConfs.broker(dir, name, role, id, Launcher.freeBrokerPort(), namesrvPort, flushDiskType);
        Path log = dir.resolve(name + ".out");
        Process broker = launcher.broker(BROKER_LAUNCHER_OPTIONS,
                args(common, "org.apache.rocketmq.broker.BrokerStartup", conf), log);
        // BrokerStartup prints this after the broker has registered with the name server.
        Launcher.awaitLine(broker, log, "boot success", 180);
        return broker;
    }

    private static List<String> args(List<String> common, String mainClass, Path conf) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(mainClass, "-c", conf.toString()));
        return args;
    }
}
