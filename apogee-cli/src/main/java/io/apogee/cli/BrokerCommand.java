package io.apogee.cli;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code apogee broker -c broker.conf}: a broker on its own, registering with the name servers it is given. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a broker configured by a RocketMQ-style broker.conf.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A broker.conf with RocketMQ key names (brokerName, listenPort, namesrvAddr, storePathRootDir, ...).")
    private Path configFile;

    @Option(names = {"-n", "--namesrv"}, paramLabel = "ADDRS", description = "Name servers, ';'-separated; overrides namesrvAddr.")
    private String namesrvAddr;

    @Mixin
    private LogOptions logs;

    @Override
    public Integer call() throws Exception {
        BrokerConfig config = ConfigFile.parse(configFile, ConfigFile.read(configFile), BrokerConfig::from);
        logs.toFolder(Path.of(config.store().storePathRootDir(), "logs"));
        if (namesrvAddr != null) {
            config.namesrvAddr(namesrvAddr);
        }
        RunningServers servers = new RunningServers();
        Broker broker = new Broker(config);
        broker.start();
        servers.started("broker", broker::shutdown);
        Exposure exposure = Exposure.of("broker", broker.localAddress(), config.values(), broker.tls());
        exposure.announce();
        String console = Consoles.startIf(config.console(), config.namesrvAddr(),
                Consoles.access(config.security(), broker.securityStore()), servers);
        System.out.printf("Apogee broker %s ready in %d ms at %s, %s%s%n", config.brokerName(),
                ManagementFactory.getRuntimeMXBean().getUptime(), broker.brokerAddr(), exposure.describe(), console);
        servers.awaitStop();
        return 0;
    }
}
