package io.apogee.cli;

import io.apogee.controller.Controller;
import io.apogee.controller.ControllerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code apogee controller}: one member of a controller group, which elects broker groups' masters. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run a controller (default port 19876); three form a group on Apache Ratis.")
final class ControllerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "A controller.conf with RocketMQ key names (controllerDLegerGroup, controllerDLegerPeers,"
                    + " controllerDLegerSelfId, listenPort, ...).")
    private Path configFile;

    @Option(names = "--port", paramLabel = "N", description = "Listen port; overrides listenPort.")
    private Integer port;

    @Mixin
    private LogOptions logs;

    @Override
    public Integer call() throws Exception {
        ControllerConfig config = ConfigFile.parse(configFile, ConfigFile.read(configFile), ControllerConfig::from);
        logs.toFolder(config.rocketmqHome().resolve("logs"));
        if (port != null) {
            config.listenPort(port);
        }
        RunningServers servers = new RunningServers();
        Controller controller = new Controller(config.validate());
        controller.start();
        servers.started("controller", controller::shutdown);
        System.out.printf("Apogee controller %s ready on %s in %d ms, group %s of %s%n", config.selfId(),
                controller.remotingAddress(), ManagementFactory.getRuntimeMXBean().getUptime(), config.group(),
                config.peersText());
        servers.awaitStop();
        return 0;
    }
}
