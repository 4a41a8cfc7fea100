package io.apogee.cli.admin;

import io.apogee.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code apogee admin kv list|get|set|delete}: the name servers' namespaced settings. */
@Command(name = "kv", description = "The name servers' KV settings: list, get, set, delete.",
        mixinStandardHelpOptions = true)
final class KvCommands {

    @Command(name = "list", description = "Every KV setting of a namespace.")
    int list(@Mixin AdminOptions options, @Option(names = {"-s", "--namespace"}, required = true) String namespace) {
        return options.run((admin, out) -> {
            Table table = new Table("namespace", "key", "value");
            admin.listKv(namespace).forEach((key, value) -> table.row(namespace, key, value));
            out.table(table);
        });
    }

    @Command(name = "get", description = "One KV setting.")
    int get(@Mixin AdminOptions options,
            @Option(names = {"-s", "--namespace"}, required = true) String namespace,
            @Option(names = {"-k", "--key"}, required = true) String key) {
        return options.run((admin, out) -> {
            String value = admin.getKv(namespace, key);
            if (value == null) {
                throw new ClientException("no KV setting " + namespace + "/" + key);
            }
            out.table(new Table("namespace", "key", "value").row(namespace, key, value));
        });
    }

    @Command(name = "set", description = "Sets a KV setting on every name server (mqadmin updateKvConfig).")
    int set(@Mixin AdminOptions options,
            @Option(names = {"-s", "--namespace"}, required = true) String namespace,
            @Option(names = {"-k", "--key"}, required = true) String key,
            @Option(names = {"-v", "--value"}, required = true) String value) {
        return options.run((admin, out) -> {
            admin.putKv(namespace, key, value);
            out.done("set " + namespace + "/" + key + "=" + value, Map.of("namespace", namespace, "key", key,
                    "value", value));
        });
    }

    @Command(name = "delete", description = "Deletes a KV setting on every name server (mqadmin deleteKvConfig).")
    int delete(@Mixin AdminOptions options,
               @Option(names = {"-s", "--namespace"}, required = true) String namespace,
               @Option(names = {"-k", "--key"}, required = true) String key) {
        return options.run((admin, out) -> {
            admin.deleteKv(namespace, key);
            out.done("deleted " + namespace + "/" + key, Map.of("namespace", namespace, "key", key));
        });
    }
}
