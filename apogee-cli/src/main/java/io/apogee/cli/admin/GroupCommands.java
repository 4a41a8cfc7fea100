package io.apogee.cli.admin;

import io.apogee.client.admin.Admin;
import io.apogee.protocol.body.ClientConnection;
import io.apogee.protocol.body.ConsumerConnection;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code apogee admin group create|update|delete|list|describe|reset-offsets}. */
@Command(name = "group", description = "Consumer groups: create, update, delete, list, describe, reset offsets.",
        mixinStandardHelpOptions = true)
final class GroupCommands {

    /** The settings a group is created or updated with; mqadmin updateSubGroup's meaning. */
    static final class Settings {
        @Option(names = {"-g", "--group"}, required = true)
        String group;
        @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster")
        String cluster;
        @Option(names = {"-r", "--retry-max-times"},
                description = "Retries before the dead-letter topic (create: 16; update: unchanged).")
        Integer retryMaxTimes;
        @Option(names = {"-q", "--retry-queues"}, description = "Retry queues (create: 1; update: unchanged).")
        Integer retryQueues;
        @Option(names = "--orderly", arity = "0..1", paramLabel = "true|false",
                description = "Members consume each queue in order (create: false; update: unchanged).")
        Boolean orderly;
        @Option(names = "--consume-enable", arity = "1", paramLabel = "true|false")
        Boolean consumeEnable;
        @Option(names = "--broadcast-enable", arity = "1", paramLabel = "true|false")
        Boolean broadcastEnable;

        /** The group's settings: those given, and the others from {@code base}. */
        SubscriptionGroupConfig config(SubscriptionGroupConfig base) {
            return new SubscriptionGroupConfig(group, or(consumeEnable, base.consumeEnable()),
                    base.consumeFromMinEnable(), or(broadcastEnable, base.consumeBroadcastEnable()),
                    or(orderly, base.consumeMessageOrderly()), or(retryQueues, base.retryQueueNums()),
                    or(retryMaxTimes, base.retryMaxTimes()), base.groupRetryPolicy(), base.brokerId(),
                    base.whichBrokerWhenConsumeSlowly(), base.notifyConsumerIdsChangedEnable(), base.groupSysFlag(),
                    base.consumeTimeoutMinute(), base.subscriptionDataSet(), base.attributes());
        }

        private static <T> T or(T given, T current) {
            return given == null ? current : given;
        }
    }

    @Command(name = "create", description = "Creates a group on every master of a cluster (mqadmin updateSubGroup).")
    int create(@Mixin AdminOptions options, @Mixin Settings settings) {
        return options.run((admin, out) -> write(admin, out, settings.cluster,
                settings.config(SubscriptionGroupConfig.defaults(settings.group)), "created"));
    }

    @Command(name = "update", description = "Changes an existing group's settings.")
    int update(@Mixin AdminOptions options, @Mixin Settings settings) {
        return options.run((admin, out) -> {
            SubscriptionGroupConfig now = admin.groups(settings.cluster).get(settings.group);
            if (now == null) {
                throw new io.apogee.client.ClientException("group " + settings.group + " does not exist in "
                        + settings.cluster);
            }
            write(admin, out, settings.cluster, settings.config(now), "updated");
        });
    }

    private static void write(Admin admin, Output out, String cluster, SubscriptionGroupConfig config, String verb) {
        admin.createGroup(cluster, config);
        out.done(verb + " group " + config.groupName() + " in " + cluster, Map.of("group", config.groupName(),
                "cluster", cluster, "retryMaxTimes", config.retryMaxTimes(), "orderly",
                config.consumeMessageOrderly()));
    }

    @Command(name = "delete", description = "Deletes a group from a cluster (mqadmin deleteSubGroup).")
    int delete(@Mixin AdminOptions options,
               @Option(names = {"-g", "--group"}, required = true) String group,
               @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster") String cluster,
               @Option(names = "--clean-offset", description = "Also drop its committed offsets.") boolean clean) {
        return options.run((admin, out) -> {
            admin.deleteGroup(cluster, group, clean);
            out.done("deleted group " + group + " from " + cluster, Map.of("group", group, "cluster", cluster));
        });
    }

    @Command(name = "list", description = "The groups of a cluster's masters.")
    int list(@Mixin AdminOptions options,
             @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster") String cluster) {
        return options.run((admin, out) -> {
            Table table = new Table("group", "consumeEnable", "orderly", "broadcastEnable", "retryMaxTimes");
            admin.groups(cluster).values().forEach(g -> table.row(g.groupName(), g.consumeEnable(),
                    g.consumeMessageOrderly(), g.consumeBroadcastEnable(), g.retryMaxTimes()));
            out.table(table);
        });
    }

    @Command(name = "describe", description = "A group's members, subscriptions and lag per queue "
            + "(mqadmin consumerProgress, consumerConnection).")
    int describe(@Mixin AdminOptions options,
                 @Option(names = {"-g", "--group"}, required = true) String group,
                 @Option(names = {"-t", "--topic"}, description = "Only this topic.") String topic) {
        return options.run((admin, out) -> {
            ConsumerConnection connections = admin.consumerConnections(group);
            Table members = new Table("clientId", "address", "language", "version");
            connections.connectionSet().stream().sorted(Comparator.comparing(ClientConnection::clientId))
                    .forEach(c -> members.row(c.clientId(), c.clientAddr(), c.language(), c.version()));
            Table subscriptions = new Table("topic", "expressionType", "expression");
            new TreeMap<>(connections.subscriptionTable()).values().forEach(s -> subscriptions.row(s.topic(),
                    s.expressionType() == null ? SubscriptionData.EXPRESSION_TAG : s.expressionType(), s.subString()));
            Map<MessageQueue, OffsetWrapper> progress = topic == null ? admin.groupProgress(group)
                    : admin.consumerProgress(group, topic);
            Table queues = new Table("topic", "brokerName", "queueId", "brokerOffset", "consumerOffset", "lag");
            long lag = 0;
            for (Map.Entry<MessageQueue, OffsetWrapper> e : progress.entrySet()) {
                long queueLag = lag(e.getValue());
                lag += queueLag;
                queues.row(e.getKey().topic(), e.getKey().brokerName(), e.getKey().queueId(),
                        e.getValue().brokerOffset(), e.getValue().consumerOffset(), queueLag);
            }
            out.value("group", group);
            out.value("totalLag", lag);
            out.section("members", members);
            out.section("subscriptions", subscriptions);
            out.section("queues", queues);
            out.end();
        });
    }

    /** Messages not yet consumed; a queue the group never committed in counts whole. */
    static long lag(OffsetWrapper w) {
        return Math.max(0, w.brokerOffset() - Math.max(0, w.consumerOffset()));
    }

    /** Exactly one of the places a reset can move the offsets to. */
    static final class Target {
        @Option(names = {"-s", "--to-time"}, paramLabel = "time",
                description = "The first message stored at or after this time (epoch ms or ISO-8601).")
        String time;
        @Option(names = "--to-earliest", description = "Each queue's first message.")
        boolean earliest;
        @Option(names = "--to-latest", description = "Past each queue's last message.")
        boolean latest;
        @Option(names = "--to-offset", paramLabel = "offset", description = "This offset in every queue.")
        Long offset;
    }

    @Command(name = "reset-offsets", description = "Moves a group's committed offsets of a topic; running members "
            + "follow at once (mqadmin resetOffsetByTime).")
    int resetOffsets(@Mixin AdminOptions options,
                     @Option(names = {"-g", "--group"}, required = true) String group,
                     @Option(names = {"-t", "--topic"}, required = true) String topic,
                     @ArgGroup(exclusive = true, multiplicity = "1") Target target) {
        long time;
        try {
            time = target.time == null ? 0 : Times.parse(target.time);
        } catch (IllegalArgumentException e) {
            throw options.usage(e.getMessage());
        }
        return options.run((admin, out) -> {
            Map<MessageQueue, Long> reset = target.time != null ? admin.resetOffsetByTimestamp(group, topic, time)
                    : target.earliest ? admin.resetOffsetToEarliest(group, topic)
                    : target.latest ? admin.resetOffsetToLatest(group, topic)
                    : admin.resetOffsetTo(group, topic, target.offset);
            Table table = new Table("topic", "brokerName", "queueId", "offset");
            Map<MessageQueue, Long> sorted = new LinkedHashMap<>(new TreeMap<>(reset));
            sorted.forEach((q, o) -> table.row(q.topic(), q.brokerName(), q.queueId(), o));
            out.table(table);
        });
    }
}
