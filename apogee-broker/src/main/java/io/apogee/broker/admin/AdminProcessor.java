package io.apogee.broker.admin;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.TopicFilterType;
import io.apogee.protocol.body.TopicOffset;
import io.apogee.protocol.body.TopicStatsTable;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.CreateTopicRequestHeader;
import io.apogee.protocol.header.DeleteTopicRequestHeader;
import io.apogee.protocol.header.GetTopicStatsInfoRequestHeader;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What admin tools ask a broker about topics: create or update one, delete it, its configuration (or every topic's) and its
 * queue offsets (topic status). Topic changes are registered with the name servers before the answer, so a
 * route lookup right after sees them. Deleting a topic, as in RocketMQ, also forgets the offsets groups
 * committed in it and deletes its consume queues; its messages stay in the commit log until retention.
 *
 * <p>Thread safety: stateless apart from the thread-safe table and store.
 */
public final class AdminProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
        RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_TOPIC_CONFIG, RequestCode.GET_ALL_TOPIC_CONFIG,
    };

    /** How long a topic deletion waits for the store to delete the topic's queues. */
    static final long STORE_WAIT_SECONDS = 10;

    private final TopicTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final String brokerName;
    private final Runnable registerNow;

    public AdminProcessor(TopicTable topics, ConsumerOffsetTable offsets, MessageStore store, String brokerName,
                          Runnable registerNow) {
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.brokerName = brokerName;
        this.registerNow = registerNow;
    }

    /** The request codes this processor answers. */
    public static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createTopic(request);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> deleteTopic(request);
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats(request);
            case RequestCode.GET_TOPIC_CONFIG -> topicConfig(request);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(JsonBody.encode(topics.snapshot()));
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not an admin request");
        };
    }

    private RemotingCommand createTopic(RemotingCommand request) {
        CreateTopicRequestHeader h = CreateTopicRequestHeader.decode(request);
        String illegal = TopicTable.illegalNameReason(h.topic());
        if (illegal != null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, illegal);
        }
        if (h.readQueueNums() <= 0 || h.writeQueueNums() <= 0) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "readQueueNums and writeQueueNums must be positive");
        }
        TopicFilterType filterType = "MULTI_TAG".equals(h.topicFilterType())
                ? TopicFilterType.MULTI_TAG : TopicFilterType.SINGLE_TAG;
        topics.put(new TopicConfig(h.topic(), h.readQueueNums(), h.writeQueueNums(), h.perm(), filterType,
                h.topicSysFlag() == null ? 0 : h.topicSysFlag(), h.order(), attributes(h.attributes())));
        registerNow.run();
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** Attributes arrive as {@code +key=value,+key2=value2}; a leading '-' (delete) is not kept. */
    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new HashMap<>();
        if (text == null || text.isBlank()) {
            return attributes;
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int eq = trimmed.indexOf('=');
            if (trimmed.startsWith("+") && eq > 1) {
                attributes.put(trimmed.substring(1, eq), trimmed.substring(eq + 1));
            }
        }
        return attributes;
    }

    private RemotingCommand deleteTopic(RemotingCommand request) {
        String topic = DeleteTopicRequestHeader.decode(request).topic();
        if (topics.remove(topic)) {
            registerNow.run();
        }
        offsets.removeTopic(topic);
        String failure = awaitStore(store.deleteTopicQueues(Set.of(topic)));
        return failure == null ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                : RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "topic " + topic + " was deleted but its consume queues were not: " + failure);
    }

    /** Waits for a store removal; null when it completed, else why not. */
    static String awaitStore(CompletableFuture<Integer> removal) {
        try {
            removal.get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "the store did not finish within " + STORE_WAIT_SECONDS + " s; it goes on in the background";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private RemotingCommand topicConfig(RemotingCommand request) {
        String topic = HeaderFields.requireString(HeaderFields.of(request), "topic", "GET_TOPIC_CONFIG header");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(JsonBody.encode(config));
    }

    private RemotingCommand topicStats(RemotingCommand request) {
        String topic = GetTopicStatsInfoRequestHeader.decode(request).topic();
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        Map<MessageQueue, TopicOffset> table = new HashMap<>();
        for (int queueId = 0; queueId < Math.max(config.readQueueNums(), config.writeQueueNums()); queueId++) {
            long latest = store.latestMessageTime(topic, queueId);
            table.put(new MessageQueue(topic, brokerName, queueId), new TopicOffset(
                    store.minOffsetInQueue(topic, queueId), store.maxOffsetInQueue(topic, queueId), Math.max(0, latest)));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new TopicStatsTable(table, 0)));
    }
}
