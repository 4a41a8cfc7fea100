package io.apogee.cli.admin;

import io.apogee.client.ClientException;
import io.apogee.client.admin.Admin;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.client.producer.Producer;
import io.apogee.client.producer.SendResult;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.TopicOffset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code apogee admin message get|print|send|resend}. */
@Command(name = "message", description = "Messages: look up, print a queue range, send a test message, resend.",
        mixinStandardHelpOptions = true)
final class MessageCommands {

    /** Most messages one {@code print} reads, so a typo in a range cannot flood a terminal. */
    static final int PRINT_LIMIT = 10_000;
    private static final int PULL_BATCH = 32;

    /** Exactly one way to find messages. */
    static final class Lookup {
        @Option(names = {"-i", "--id"}, description = "An offset message id, or a unique id (needs -t).")
        String id;
        @Option(names = {"-k", "--key"}, description = "A key the messages were sent with (needs -t).")
        String key;
        @Option(names = "--offset", description = "A queue offset (needs -t, -b and -q).")
        Long offset;
    }

    @Command(name = "get", description = "Messages by id, by key, or by queue and offset "
            + "(mqadmin queryMsgById, queryMsgByKey, queryMsgByOffset).")
    int get(@Mixin AdminOptions options,
            @ArgGroup(exclusive = true, multiplicity = "1") Lookup lookup,
            @Option(names = {"-t", "--topic"}) String topic,
            @Option(names = {"-b", "--broker-name"}) String brokerName,
            @Option(names = {"-q", "--queue"}) Integer queueId,
            @Option(names = "--max", defaultValue = "32", description = "Most messages by key (default: 32).") int max) {
        if (topic == null && (lookup.key != null || lookup.offset != null)) {
            throw options.usage("--key and --offset need -t <topic>");
        }
        if (lookup.offset != null && (brokerName == null || queueId == null)) {
            throw options.usage("--offset needs -b <brokerName> and -q <queueId>");
        }
        return options.run((admin, out) -> {
            List<MessageExt> found;
            if (lookup.key != null) {
                found = admin.queryMessageByKey(topic, lookup.key, max, 0, Long.MAX_VALUE);
            } else if (lookup.offset != null) {
                found = admin.readQueue(new MessageQueue(topic, brokerName, queueId), lookup.offset, 1);
            } else {
                found = byId(admin, lookup.id, topic);
            }
            if (found.isEmpty()) {
                throw new ClientException("no message found");
            }
            out.table(messages(found));
        });
    }

    /**
     * With a topic the id is first looked up as a unique (client) id, since both kinds are 32 hex digits; an
     * offset id is read straight from the broker its bytes name.
     */
    private static List<MessageExt> byId(Admin admin, String id, String topic) {
        if (topic != null) {
            List<MessageExt> unique = admin.queryMessageByUniqueKey(topic, id);
            if (!unique.isEmpty()) {
                return unique;
            }
        }
        try {
            return List.of(admin.viewMessage(id));
        } catch (IllegalArgumentException notOffsetId) {
            throw new ClientException("'" + id + "' is not an offset message id"
                    + (topic == null ? "; give -t <topic> to look it up as a unique id" : " nor a unique id in " + topic));
        }
    }

    @Command(name = "print", description = "The messages of a queue range, or of every queue (mqadmin printMsg).")
    int print(@Mixin AdminOptions options,
              @Option(names = {"-t", "--topic"}, required = true) String topic,
              @Option(names = {"-b", "--broker-name"}) String brokerName,
              @Option(names = {"-q", "--queue"}) Integer queueId,
              @Option(names = "--from", defaultValue = "0", description = "First offset (default: each queue's min).")
              long from,
              @Option(names = "--to", description = "Offset after the last (default: each queue's max).") Long to) {
        return options.run((admin, out) -> {
            List<MessageExt> all = new ArrayList<>();
            for (Map.Entry<MessageQueue, TopicOffset> e : admin.topicOffsets(topic).entrySet()) {
                MessageQueue q = e.getKey();
                if ((brokerName != null && !brokerName.equals(q.brokerName()))
                        || (queueId != null && queueId != q.queueId())) {
                    continue;
                }
                long end = to == null ? e.getValue().maxOffset() : Math.min(to, e.getValue().maxOffset());
                long next = Math.max(from, e.getValue().minOffset());
                while (next < end && all.size() < PRINT_LIMIT) {
                    List<MessageExt> batch = admin.readQueue(q, next, (int) Math.min(PULL_BATCH, end - next));
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (MessageExt m : batch) {
                        if (m.getQueueOffset() < end) {
                            all.add(m);
                        }
                    }
                    next = batch.get(batch.size() - 1).getQueueOffset() + 1;
                }
            }
            out.table(messages(all));
        });
    }

    @Command(name = "send", description = "Sends one test message (mqadmin sendMessage).")
    int send(@Mixin AdminOptions options,
             @Option(names = {"-t", "--topic"}, required = true) String topic,
             @Option(names = {"-p", "--body"}, required = true) String body,
             @Option(names = {"-c", "--tags"}) String tags,
             @Option(names = {"-k", "--keys"}) String keys) {
        return options.run((admin, out) -> {
            Producer producer = new Producer("apogee_admin_producer");
            producer.setNamesrvAddr(options.namesrv());
            producer.setInstanceName("apogee-admin-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            producer.start();
            try {
                SendResult r = producer.send(new Message(topic, tags, keys, body.getBytes(StandardCharsets.UTF_8)));
                out.table(new Table("status", "msgId", "offsetMsgId", "brokerName", "queueId", "queueOffset")
                        .row(r.sendStatus(), r.msgId(), r.offsetMsgId(), r.messageQueue().brokerName(),
                                r.messageQueue().queueId(), r.queueOffset()));
            } finally {
                producer.shutdown();
            }
        });
    }

    @Command(name = "resend", description = "Delivers one stored message again to one group only, as a retry.")
    int resend(@Mixin AdminOptions options,
               @Option(names = {"-g", "--group"}, required = true) String group,
               @Option(names = {"-i", "--id"}, required = true, description = "The message's offset id.") String id) {
        return options.run((admin, out) -> {
            try {
                admin.resendToGroup(group, id);
            } catch (IllegalArgumentException e) {
                throw new ClientException(e.getMessage());
            }
            out.done("resent " + id + " to group " + group, Map.of("msgId", id, "group", group));
        });
    }

    static Table messages(List<MessageExt> messages) {
        Table table = new Table("msgId", "offsetMsgId", "topic", "tags", "keys", "brokerName", "queueId",
                "queueOffset", "storeTime", "reconsumeTimes", "body");
        for (MessageExt m : messages) {
            table.row(m.getMsgId(), m.getOffsetMsgId(), m.getTopic(), m.getTags(), m.getKeys(), m.getBrokerName(),
                    m.getQueueId(), m.getQueueOffset(), Times.format(m.getStoreTimestamp()), m.getReconsumeTimes(),
                    m.getBody() == null ? null : new String(m.getBody(), StandardCharsets.UTF_8));
        }
        return table;
    }
}
