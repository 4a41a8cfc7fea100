package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Apogee: one {@code standalone} process (name server and broker), from this build. */
final class ApogeeSystem implements SystemUnderTest {

    @Override
    public String name() {
        return "Apogee";
    }

    @Override
    public Running start(Path dir, Launcher launcher) throws IOException, InterruptedException {
        int namesrvPort = Launcher.freePort();
        int brokerPort = Launcher.freeBrokerPort();
        Path log = dir.resolve("apogee.out");
        Process process = launcher.broker(List.of("-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"), "io.apogee.cli.ApogeeCommand", "standalone",
                "--data", dir.resolve("data").toString(), "--namesrv-port", Integer.toString(namesrvPort),
                "--broker-port", Integer.toString(brokerPort)), log);
        try {
            Launcher.awaitLine(process, log, "Apogee standalone ready", 120);
        } catch (IOException | InterruptedException e) {
            Launcher.stop(List.of(process));
            throw e;
        }
        return new Running("127.0.0.1:" + namesrvPort, process.toHandle(), List.of(process));
    }
}
