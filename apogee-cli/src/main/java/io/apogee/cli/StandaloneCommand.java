package io.apogee.cli;

import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import picocli.CommandLine.Command;

import java.lang.management.ManagementFactory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code apogee standalone}: everything one machine needs in one process, on loopback, with its
 * data under one directory. This is what a newcomer starts.
 *
 * <p>The broker joins the name server here as soon as it lands; until then standalone runs the
 * name server alone and says so on its ready line.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run a name server (and, once it lands, a broker) in one process on 127.0.0.1.")
final class StandaloneCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Directory for all data (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--namesrv-port", paramLabel = "N", defaultValue = "9876",
            description = "Name server port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int namesrvPort;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String bindAddress;

    @Override
    public Integer call() throws Exception {
        Path namesrvHome = Files.createDirectories(dataDir.resolve("namesrv"));
        RunningServers servers = new RunningServers();
        try {
            NameServer nameServer = new NameServer(new NameServerConfig()
                    .bindAddress(bindAddress)
                    .listenPort(namesrvPort)
                    .rocketmqHome(namesrvHome));
            nameServer.start();
            servers.started("name server", nameServer::shutdown);
            System.out.printf("Apogee standalone ready in %d ms: name server %s, data in %s (broker: not in this build yet)%n",
                    ManagementFactory.getRuntimeMXBean().getUptime(), Addresses.of(nameServer.localAddress()),
                    dataDir.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            servers.stop();
            throw e;
        }
        servers.awaitStop();
        return 0;
    }
}
