package io.apogee.cli;

import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code apogee namesrv}: a name server on its own, for clusters of separate processes. */
@Command(name = "namesrv", mixinStandardHelpOptions = true,
        description = "Run a name server (default port 9876, all interfaces).")
final class NameServerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A namesrv.conf with RocketMQ key names (listenPort, bindAddress, ...).")
    private Path configFile;

    @Option(names = "--port", paramLabel = "N", description = "Listen port; overrides listenPort.")
    private Integer port;

    @Mixin
    private LogOptions logs;

    @Override
    public Integer call() throws Exception {
        NameServerConfig config = ConfigFile.parse(configFile, ConfigFile.read(configFile), NameServerConfig::from);
        logs.toFolder(config.rocketmqHome().resolve("logs"));
        if (port != null) {
            config.listenPort(port);
        }
        RunningServers servers = new RunningServers();
        NameServer nameServer = new NameServer(config.validate());
        nameServer.start();
        servers.started("name server", nameServer::shutdown);
        Exposure exposure = Exposure.of("name server", nameServer.localAddress(), config.values(), nameServer.tls());
        exposure.announce();
        String console = Consoles.startIf(config.console(), Addresses.reachable(nameServer.localAddress()),
                Consoles.access(config.security(), nameServer.securityStore()), servers);
        System.out.printf("Apogee name server ready on %s in %d ms, %s%s%n", Addresses.reachable(nameServer.localAddress()),
                ManagementFactory.getRuntimeMXBean().getUptime(), exposure.describe(), console);
        servers.awaitStop();
        return 0;
    }
}
