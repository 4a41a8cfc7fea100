package io.apogee.cli.admin;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code apogee admin broker status|config get|config set}: one broker's figures and settings. */
@Command(name = "broker", description = "One broker's runtime figures and settings.", mixinStandardHelpOptions = true,
        subcommands = BrokerCommands.Config.class)
final class BrokerCommands {

    @Command(name = "status", description = "Runtime figures of a broker (mqadmin brokerStatus).")
    int status(@Mixin AdminOptions options,
               @Option(names = {"-b", "--broker"}, required = true, paramLabel = "host:port",
                       description = "The broker's address.") String broker) {
        return options.run((admin, out) -> out.table(keyValues(admin.brokerRuntimeInfo(broker))));
    }

    static Table keyValues(Map<?, ?> values) {
        Table table = new Table("key", "value");
        new TreeMap<>(values).forEach(table::row);
        return table;
    }

    @Command(name = "config", description = "Read or change a broker's settings.", mixinStandardHelpOptions = true)
    static final class Config {

        @Command(name = "get", description = "A broker's settings, or one of them (mqadmin getBrokerConfig).")
        int get(@Mixin AdminOptions options,
                @Option(names = {"-b", "--broker"}, required = true, paramLabel = "host:port") String broker,
                @Option(names = {"-k", "--key"}, description = "Only this key.") String key) {
            return options.run((admin, out) -> {
                Map<Object, Object> all = admin.brokerConfig(broker);
                if (key != null && !all.containsKey(key)) {
                    throw new io.apogee.client.ClientException("broker " + broker + " has no setting '" + key + "'");
                }
                out.table(keyValues(key == null ? all : Map.of(key, all.get(key))));
            });
        }

        /** Exactly one of the places a setting is changed on. */
        static final class Where {
            @Option(names = {"-b", "--broker"}, required = true, paramLabel = "host:port", description = "One broker.")
            String broker;
            @Option(names = {"-c", "--cluster"}, required = true, description = "Every broker of a cluster.")
            String cluster;
        }

        @Command(name = "set", description = "Changes one setting of a broker, or of every broker of a cluster, at run "
                + "time (mqadmin updateBrokerConfig).")
        int set(@Mixin AdminOptions options,
                @ArgGroup(exclusive = true, multiplicity = "1") Where where,
                @Option(names = {"-k", "--key"}, required = true) String key,
                @Option(names = {"-v", "--value"}, required = true) String value) {
            return options.run((admin, out) -> {
                List<String> brokers;
                if (where.broker != null) {
                    admin.updateBrokerConfig(where.broker, Map.of(key, value));
                    brokers = List.of(where.broker);
                } else {
                    brokers = admin.updateBrokerConfigInCluster(where.cluster, Map.of(key, value));
                }
                out.done("set " + key + "=" + value + " on " + String.join(", ", brokers), Map.of("brokers", brokers,
                        "key", key, "value", value));
            });
        }
    }
}
