package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache RocketMQ 5.3.3 from its Maven Central jars: a name server and a broker process, started as its own
 * start-up classes start them, with a broker.conf written for the round (ASYNC_MASTER, the given flush type,
 * auto-creation on, everything under the round's folder).
 */
final class RocketMqSystem implements SystemUnderTest {

    private final String classpath;
    private final String flushDiskType;

    RocketMqSystem(String classpath, String flushDiskType) {
        this.classpath = classpath;
        this.flushDiskType = flushDiskType;
    }

    @Override
    public String name() {
        return "RocketMQ 5.3.3";
    }

    @Override
    public Running start(Path dir, Launcher launcher) throws IOException, InterruptedException {
        int namesrvPort = Launcher.freePort();
        int brokerPort = Launcher.freeBrokerPort();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path store = dir.resolve("store");
        Path namesrvConf = Files.writeString(dir.resolve("namesrv.conf"),
                "listenPort=" + namesrvPort + "\nbindAddress=127.0.0.1\n");
        Path brokerConf = Files.writeString(dir.resolve("broker.conf"), String.join("\n",
                "brokerClusterName=DefaultCluster", "brokerName=broker-a", "brokerId=0", "brokerRole=ASYNC_MASTER",
                "flushDiskType=" + flushDiskType, "namesrvAddr=127.0.0.1:" + namesrvPort, "brokerIP1=127.0.0.1",
                "brokerIP2=127.0.0.1", "bindAddress=127.0.0.1", "listenPort=" + brokerPort,
                "haListenPort=" + (brokerPort + 1), "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"), "autoCreateTopicEnable=true",
                "autoCreateSubscriptionGroup=true") + "\n");
        List<String> common = List.of("-Duser.home=" + home, "-Drocketmq.home.dir=" + home,
                "-Drocketmq.log.root=" + dir.resolve("logs"), "-Dio.netty.leakDetection.level=disabled",
                "-cp", classpath);
        List<Process> started = new ArrayList<>();
        try {
            Path namesrvLog = dir.resolve("namesrv.out");
            List<String> namesrvArgs = new ArrayList<>(common);
            namesrvArgs.addAll(List.of("org.apache.rocketmq.namesrv.NamesrvStartup", "-c", namesrvConf.toString()));
            Process namesrv = launcher.brokerSide(namesrvArgs, "256m", namesrvLog);
            started.add(namesrv);
            Launcher.awaitLine(namesrv, namesrvLog, "The Name Server boot success", 120);
            Path brokerLog = dir.resolve("broker.out");
            List<String> brokerArgs = new ArrayList<>(common);
            brokerArgs.addAll(List.of("org.apache.rocketmq.broker.BrokerStartup", "-c", brokerConf.toString()));
            Process broker = launcher.broker(brokerArgs, brokerLog);
            started.add(broker);
            // BrokerStartup prints this after the broker has registered with the name server.
            Launcher.awaitLine(broker, brokerLog, "boot success", 180);
            return new Running("127.0.0.1:" + namesrvPort, broker.toHandle(), started);
        } catch (IOException | InterruptedException e) {
            Launcher.stop(started);
            throw e;
        }
    }
}
