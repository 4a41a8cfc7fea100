package io.apogee.cli.admin;

import io.apogee.client.ClientException;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code apogee admin cluster list}: every broker with its role, version, address and rates. */
@Command(name = "cluster", description = "Clusters and their brokers.", mixinStandardHelpOptions = true)
final class ClusterCommands {

    /**
     * Shown for a broker whose figures could not be read: it is down, or (Apache RocketMQ, its first
     * seconds) not yet able to answer GET_BROKER_RUNTIME_INFO.
     */
    static final String UNAVAILABLE = "unavailable";

    @Command(name = "list", description = "Brokers of every cluster: role, version, address, TPS (mqadmin clusterList).")
    int list(@Mixin AdminOptions options) {
        return options.run((admin, out) -> {
            ClusterInfo info = admin.examineBrokerClusterInfo();
            Table table = new Table("cluster", "brokerName", "brokerId", "role", "address", "version", "putTps",
                    "getTps", "putTotalToday");
            for (Map.Entry<String, java.util.Set<String>> cluster : new TreeMap<>(info.clusterAddrTable()).entrySet()) {
                for (String brokerName : new TreeSet<>(cluster.getValue())) {
                    BrokerData broker = info.brokerAddrTable().get(brokerName);
                    if (broker == null) {
                        continue;
                    }
                    for (Map.Entry<Long, String> node : new TreeMap<>(broker.brokerAddrs()).entrySet()) {
                        Map<String, String> runtime = runtime(admin, node.getValue());
                        table.row(cluster.getKey(), brokerName, node.getKey(),
                                node.getKey() == BrokerData.MASTER_ID ? "MASTER" : "SLAVE", node.getValue(),
                                runtime.getOrDefault("brokerVersionDesc", UNAVAILABLE),
                                rate(runtime.get("putTps")), rate(runtime.get("getTransferredTps")),
                                number(runtime.get("msgPutTotalTodayNow")));
                    }
                }
            }
            out.table(table);
        });
    }

    private static Map<String, String> runtime(io.apogee.client.admin.Admin admin, String address) {
        try {
            return admin.brokerRuntimeInfo(address);
        } catch (ClientException e) {
            return Map.of();
        }
    }

    /** The first of the space-separated rates a broker reports (its most recent window). */
    static Double rate(String rates) {
        if (rates == null || rates.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(rates.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
