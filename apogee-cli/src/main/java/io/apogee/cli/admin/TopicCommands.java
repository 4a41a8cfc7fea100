package io.apogee.cli.admin;

import io.apogee.client.ClientException;
import io.apogee.client.admin.Admin;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicOffset;
import io.apogee.protocol.body.TopicRouteData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;

/** {@code apogee admin topic create|update|delete|list|describe}. */
@Command(name = "topic", description = "Topics: create, update, delete, list, describe.", mixinStandardHelpOptions = true)
final class TopicCommands {

    private static final int DEFAULT_QUEUES = 8;

    /** The settings a topic is created or updated with; mqadmin updateTopic's short flags. */
    static final class Settings {
        @Option(names = {"-t", "--topic"}, required = true)
        String topic;
        @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster",
                description = "Cluster whose masters get the topic (default: ${DEFAULT-VALUE}).")
        String cluster;
        @Option(names = {"-b", "--broker"}, paramLabel = "host:port",
                description = "Only this broker gets the topic, instead of the cluster's masters.")
        String broker;
        @Option(names = {"-r", "--read-queues"},
                description = "Read queues per broker (create: 8; update: unchanged).")
        Integer readQueues;
        @Option(names = {"-w", "--write-queues"},
                description = "Write queues per broker (create: 8; update: unchanged).")
        Integer writeQueues;
        @Option(names = {"-p", "--perm"}, description = "2 write, 4 read, 6 both (create: 6; update: unchanged).")
        Integer perm;
        @Option(names = "--order", description = "An ordered topic.")
        boolean order;
        @Option(names = {"-a", "--attributes"}, paramLabel = "+key=value[,...]",
                description = "Topic attributes, e.g. +message.type=FIFO.")
        String attributes;
    }

    @Command(name = "create", description = "Creates a topic on every master of a cluster (mqadmin updateTopic).")
    int create(@Mixin AdminOptions options, @Mixin Settings settings) {
        return options.run((admin, out) -> write(admin, out, settings, DEFAULT_QUEUES, DEFAULT_QUEUES,
                QueueData.PERM_READ | QueueData.PERM_WRITE, "created"));
    }

    @Command(name = "update", description = "Changes an existing topic's queues, permission or attributes.")
    int update(@Mixin AdminOptions options, @Mixin Settings settings) {
        return options.run((admin, out) -> {
            QueueData now = admin.examineTopicRouteInfo(settings.topic).queueDatas().get(0);
            write(admin, out, settings, now.readQueueNums(), now.writeQueueNums(), now.perm(), "updated");
        });
    }

    /** Writes the topic with the given settings, and for those not given the defaults passed in. */
    private static void write(Admin admin, Output out, Settings s, int readDefault, int writeDefault,
                              int permDefault, String verb) {
        int read = s.readQueues == null ? readDefault : s.readQueues;
        int write = s.writeQueues == null ? writeDefault : s.writeQueues;
        int perm = s.perm == null ? permDefault : s.perm;
        if (read < 1 || write < 1 || (perm & ~(QueueData.PERM_READ | QueueData.PERM_WRITE
                | QueueData.PERM_INHERIT)) != 0) {
            throw new ClientException("queue counts must be at least 1 and perm one of 2, 4, 6");
        }
        String where = s.broker != null ? s.broker : s.cluster;
        if (s.broker != null) {
            admin.createTopicOnBroker(s.broker, s.topic, read, write, perm, s.order, s.attributes);
        } else {
            admin.createTopic(s.cluster, s.topic, read, write, perm, s.order, s.attributes);
        }
        out.done(verb + " topic " + s.topic + " in " + where + " (" + read + " read, " + write
                + " write queues per broker, perm " + perm + ")", Map.of("topic", s.topic,
                s.broker != null ? "broker" : "cluster", where, "readQueueNums", read, "writeQueueNums", write,
                "perm", perm));
    }

    @Command(name = "delete", description = "Deletes a topic from a cluster and the name servers (mqadmin deleteTopic).")
    int delete(@Mixin AdminOptions options,
               @Option(names = {"-t", "--topic"}, required = true) String topic,
               @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster") String cluster) {
        return options.run((admin, out) -> {
            admin.deleteTopic(cluster, topic);
            out.done("deleted topic " + topic + " from " + cluster, Map.of("topic", topic, "cluster", cluster));
        });
    }

    @Command(name = "list", description = "Every topic the name servers know (mqadmin topicList).")
    int list(@Mixin AdminOptions options) {
        return options.run((admin, out) -> {
            Table table = new Table("topic");
            new TreeSet<>(admin.fetchAllTopicList()).forEach(table::row);
            out.table(table);
        });
    }

    @Command(name = "describe", description = "A topic's route and each queue's min and max offsets "
            + "(mqadmin topicRoute, topicStatus).")
    int describe(@Mixin AdminOptions options, @Option(names = {"-t", "--topic"}, required = true) String topic) {
        return options.run((admin, out) -> {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            Table brokers = new Table("brokerName", "address", "readQueues", "writeQueues", "perm");
            route.queueDatas().stream().sorted(Comparator.comparing(QueueData::brokerName)).forEach(q -> brokers.row(
                    q.brokerName(), master(route, q.brokerName()), q.readQueueNums(), q.writeQueueNums(), q.perm()));
            Table queues = new Table("brokerName", "queueId", "minOffset", "maxOffset", "lastUpdate");
            for (Map.Entry<MessageQueue, TopicOffset> e : admin.topicOffsets(topic).entrySet()) {
                TopicOffset o = e.getValue();
                queues.row(e.getKey().brokerName(), e.getKey().queueId(), o.minOffset(), o.maxOffset(),
                        o.lastUpdateTimestamp() <= 0 ? null : Times.format(o.lastUpdateTimestamp()));
            }
            out.value("topic", topic);
            out.section("route", brokers);
            out.section("queues", queues);
            out.end();
        });
    }

    private static String master(TopicRouteData route, String brokerName) {
        return route.brokerDatas().stream().filter(b -> b.brokerName().equals(brokerName)).map(BrokerData::masterAddr)
                .findFirst().orElse(null);
    }
}
