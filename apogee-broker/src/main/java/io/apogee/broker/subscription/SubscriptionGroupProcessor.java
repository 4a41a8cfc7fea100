package io.apogee.broker.subscription;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin tool's subscription-group requests: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (body: the
 * group's configuration), UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (body: {@code groupConfigList};
 * every group is checked before any is stored), GET_ALL_SUBSCRIPTIONGROUP_CONFIG (answer: every
 * group with the data version), GET_SUBSCRIPTIONGROUP_CONFIG (one group) and
 * DELETE_SUBSCRIPTIONGROUP (with the group's committed offsets when {@code cleanOffset} is set).
 *
 * <p>Thread safety: stateless apart from the thread-safe {@link SubscriptionGroups} and offsets.
 */
public final class SubscriptionGroupProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroupProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);
    private static final int[] CODES = {
        RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST,
        RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
        RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, RequestCode.DELETE_SUBSCRIPTIONGROUP,
    };

    private final SubscriptionGroups groups;
    private final ConsumerOffsetTable offsets;

    public SubscriptionGroupProcessor(SubscriptionGroups groups, ConsumerOffsetTable offsets) {
        this.groups = groups;
        this.offsets = offsets;
    }

    /** The request codes this processor answers. */
    public static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST ->
                    createOrUpdate(request);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> RemotingCommand.responseTo(request,
                    ResponseCode.SUCCESS, null).body(JsonBody.encode(groups.table().snapshot()));
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> one(request);
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> delete(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a subscription-group request");
        };
    }

    private RemotingCommand createOrUpdate(RemotingCommand request) {
        List<SubscriptionGroupConfig> configs = new ArrayList<>();
        try {
            JSONObject json = request.body() == null ? null : JSON.parseObject(request.body());
            if (json != null && request.code() == RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST) {
                JSONArray list = json.getJSONArray("groupConfigList");
                for (int i = 0; list != null && i < list.size(); i++) {
                    configs.add(SubscriptionGroupTable.decode(list.getJSONObject(i)));
                }
            } else if (json != null) {
                configs.add(SubscriptionGroupTable.decode(json));
            }
        } catch (JSONException e) {
            BAD_INPUT.warn("refused a subscription group that is not JSON: {}", LogText.escape(e.getMessage()));
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "the subscription group body is not JSON of a group: " + e.getMessage());
        }
        if (configs.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "the request carries no subscription group");
        }
        for (SubscriptionGroupConfig config : configs) {
            String invalid = invalidReason(config);
            if (invalid != null) {
                BAD_INPUT.warn("refused subscription group {}: {}", LogText.escape(config.groupName()),
                        LogText.escape(invalid));
                return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, invalid);
            }
        }
        for (SubscriptionGroupConfig config : configs) {
            groups.createOrUpdate(config);
            LOG.info("subscription group {} created or updated", LogText.escape(config.groupName()));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private static String invalidReason(SubscriptionGroupConfig config) {
        if (config.groupName() == null) {
            return "a subscription group has no groupName";
        }
        String illegal = TopicTable.illegalNameReason(config.groupName());
        if (illegal != null) {
            return illegal.replace("topic", "group");
        }
        if (config.retryQueueNums() < 0 || config.retryMaxTimes() < 0) {
            return "retryQueueNums and retryMaxTimes of group " + config.groupName() + " must not be negative";
        }
        return null;
    }

    private RemotingCommand one(RemotingCommand request) {
        String group = HeaderFields.requireString(HeaderFields.of(request), "group", "GET_SUBSCRIPTIONGROUP_CONFIG header");
        SubscriptionGroupConfig config = groups.table().get(group);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(JsonBody.encode(config));
    }

    private RemotingCommand delete(RemotingCommand request) {
        DeleteSubscriptionGroupRequestHeader h = DeleteSubscriptionGroupRequestHeader.decode(request);
        if (groups.delete(h.groupName())) {
            LOG.info("subscription group {} deleted", LogText.escape(h.groupName()));
        }
        if (h.cleanOffset()) {
            offsets.removeGroup(h.groupName());
            offsets.persist();
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
