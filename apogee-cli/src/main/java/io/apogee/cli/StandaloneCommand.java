package io.apogee.cli;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.common.config.ConsoleConfig;
import io.apogee.metrics.MetricsEndpoint;
import io.apogee.metrics.RemotingMeters;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code apogee standalone}: a name server and a broker in one process, on loopback, with all
 * data under one directory. This is what a newcomer starts.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run a name server and a broker in one process on 127.0.0.1.")
final class StandaloneCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Directory for all data (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--namesrv-port", paramLabel = "N",
            description = "Name server port (default: 9876; 0 picks a free one).")
    private Integer namesrvPort;

    @Option(names = "--broker-port", paramLabel = "N",
            description = "Broker port (default: listenPort from the -c file, else 10911; 0 picks a free one).")
    private Integer brokerPort;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on (default: bindAddress from the -c file, else 127.0.0.1); 0.0.0.0 "
                    + "listens on every interface and announces brokerIP1 from the -c file, or this host's first "
                    + "non-loopback address.")
    private String bindAddress;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A broker.conf with RocketMQ key names; the options above take precedence.")
    private Path brokerConfigFile;

    @Option(names = "--console-port", paramLabel = "N",
            description = "Web console port (default: consolePort from the -c file, else 8080; 0 picks a free one).")
    private Integer consolePort;

    @Option(names = "--no-console", description = "Do not serve the web console (consoleEnabled=false does the same).")
    private boolean noConsole;

    @Mixin
    private LogOptions logs;

    @Override
    public Integer call() throws Exception {
        logs.toFolder(dataDir.resolve("logs"));
        Path namesrvHome = Files.createDirectories(dataDir.resolve("namesrv"));
        Properties brokerSettings = ConfigFile.read(brokerConfigFile);
        // Both servers listen where --bind says, else where the file's bindAddress says, else on loopback.
        String bind = bindAddress != null ? bindAddress
                : brokerSettings.getProperty(BrokerConfig.BIND_ADDRESS, "127.0.0.1").trim();
        RunningServers servers = new RunningServers();
        try {
            brokerSettings.setProperty(MessageStoreConfig.STORE_PATH_ROOT_DIR, dataDir.resolve("store").toString());
            // A newcomer's all-in-one server takes SQL92 subscriptions unless the file says otherwise.
            brokerSettings.putIfAbsent(BrokerConfig.ENABLE_PROPERTY_FILTER, "true");
            // brokerIP1 from the file wins; otherwise the broker announces the bind address, or this host's
            // address when it listens on every interface. The name server is reachable at the same host.
            // Flags win over the file only when given.
            if (brokerPort != null) {
                brokerSettings.setProperty(BrokerConfig.LISTEN_PORT, brokerPort.toString());
            }
            BrokerConfig brokerConfig = ConfigFile.parse(brokerConfigFile, brokerSettings, BrokerConfig::from)
                    .bindAddress(bind);
            // One endpoint for both servers, when the file's metricsExporterType=PROM asks for one.
            MetricsEndpoint metrics = null;
            if (brokerConfig.metrics().prometheus()) {
                metrics = MetricsEndpoint.start(brokerConfig.metrics().bindHost(bind), brokerConfig.metrics().port(),
                        RemotingMeters.node(brokerConfig.brokerClusterName(), "broker", brokerConfig.brokerName()));
                servers.started("metrics", metrics::close);
            }

            NameServer nameServer = new NameServer(new NameServerConfig()
                    .bindAddress(bind)
                    .listenPort(namesrvPort != null ? namesrvPort : 9876)
                    .rocketmqHome(namesrvHome)
                    .tls(brokerConfig.tls())).metrics(metrics);
            nameServer.start();
            servers.started("name server", nameServer::shutdown);

            String namesrvAddr = brokerConfig.bindsEveryInterface()
                    ? brokerConfig.advertisedIP() + ":" + nameServer.localAddress().getPort()
                    : Addresses.reachable(nameServer.localAddress());
            brokerConfig.namesrvAddr(namesrvAddr);
            Broker broker = new Broker(brokerConfig).metrics(metrics);
            broker.start();
            servers.started("broker", broker::shutdown);
            // Both servers listen on the same address with the same security: one line, and one warning at most.
            Exposure.of("standalone", broker.localAddress(), brokerConfig.values(), broker.tls()).announce();
            // The standalone serves the console unless told not to, on loopback unless the file says otherwise.
            ConsoleConfig console = brokerSettings.containsKey(ConsoleConfig.CONSOLE_ENABLED) ? brokerConfig.console()
                    : brokerConfig.console().enabled(true);
            if (noConsole) {
                console = console.enabled(false);
            }
            if (consolePort != null) {
                console = console.port(consolePort);
            }
            boolean portChosen = consolePort != null || brokerSettings.containsKey(ConsoleConfig.CONSOLE_PORT);
            String consoleUrl = Consoles.startIf(console, namesrvAddr,
                    Consoles.access(brokerConfig.security(), broker.securityStore()), servers, !portChosen);

            System.out.printf("Apogee standalone ready in %d ms: name server %s, broker %s, data in %s%s%s%n",
                    ManagementFactory.getRuntimeMXBean().getUptime(), namesrvAddr, broker.brokerAddr(),
                    dataDir.toAbsolutePath().normalize(), consoleUrl, metrics == null ? ""
                            : ", metrics at http://" + brokerConfig.metrics().bindHost(bind) + ":" + metrics.port()
                                    + "/metrics");
        } catch (RuntimeException e) {
            servers.stop();
            throw e;
        }
        servers.awaitStop();
        return 0;
    }
}
