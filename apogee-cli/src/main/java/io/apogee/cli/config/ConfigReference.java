package io.apogee.cli.config;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.ReplicationKeys;
import io.apogee.common.config.ConfigKey;
import io.apogee.common.config.ConfigTable;
import io.apogee.controller.ControllerConfig;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every configuration key of every part, from the parts' own key tables: what {@code apogee config list}
 * prints and what {@code docs/CONFIGURATION.md} is generated from, so the two cannot drift apart.
 *
 * <p>Thread safety: stateless.
 */
public final class ConfigReference {

    /** The tables, in the order an operator meets them. */
    static final List<ConfigTable<?>> TABLES = List.of(NameServerConfig.table(), BrokerConfig.table(),
            MessageStoreConfig.table(), ControllerConfig.table());

    private ConfigReference() {
    }

    /** Every key of the parts named (all when {@code parts} is empty). */
    static List<ConfigKey> keys(Set<String> parts) {
        List<ConfigKey> keys = new ArrayList<>();
        for (ConfigTable<?> table : TABLES) {
            if (parts.isEmpty() || parts.contains(table.part())) {
                keys.addAll(table.keys());
            }
        }
        return keys;
    }

    /** The reference page, in Markdown. */
    public static String markdown() {
        StringBuilder page = new StringBuilder();
        page.append("# Configuration reference\n\n")
                .append("Generated from the key tables in the code (`apogee config list --markdown`); do not edit by\n")
                .append("hand. Files use RocketMQ's key names: a broker's file holds broker and store keys, a name\n")
                .append("server's its own. An unknown key stops the start, naming the key and the nearest known one,\n")
                .append("and every mistake of a file is reported at once. Keys marked changeable may be set while the\n")
                .append("server runs (`mqadmin updateBrokerConfig` / `updateNamesrvConfig`); the rest are read once\n")
                .append("at start.\n");
        for (ConfigTable<?> table : TABLES) {
            page.append("\n## ").append(table.part()).append("\n\n")
                    .append("| key | type | default | unit | changeable | what it does |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : table.keys()) {
                page.append("| `").append(key.name()).append("` | ").append(key.type().replace("|", "\\|"))
                        .append(" | ").append(key.defaultText().isEmpty() ? "" : "`" + key.defaultText() + "`")
                        .append(" | ").append(key.unit()).append(" | ").append(key.changeable() ? "yes" : "")
                        .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n");
            }
        }
        page.append("\n## Accepted, not yet acted on\n\n")
                .append("RocketMQ's replication and controller keys are accepted, so that its example files start,")
                .append(" and named in one\nwarning line at start; they take effect once replication lands.\n\n")
                .append("- broker: ").append(codeList(ReplicationKeys.NOT_YET_ACTED_ON)).append('\n')
                .append("- namesrv: ").append(codeList(NameServerConfig.NOT_YET_ACTED_ON)).append('\n')
                .append("- controller (RocketMQ's DLedger and JRaft settings; Apogee's controller runs on Apache Ratis): ")
                .append(codeList(ControllerConfig.NOT_ACTED_ON)).append('\n');
        return page.toString();
    }

    private static String codeList(Set<String> keys) {
        StringBuilder text = new StringBuilder();
        for (String key : new TreeSet<>(keys)) {
            text.append(text.length() == 0 ? "" : ", ").append('`').append(key).append('`');
        }
        return text.toString();
    }
}
