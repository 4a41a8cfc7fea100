package io.apogee.security;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One line of a policy: {@code decision} of {@code actions} on the resources {@code resource} names, from the
 * source addresses listed (none: from anywhere). Written as RocketMQ 5's {@code AclInfo} writes an entry.
 *
 * <p>Thread safety: immutable.
 */
public record PolicyEntry(ResourcePattern resource, Set<Action> actions, List<String> sourceIps, Decision decision,
                          SourceAddresses sources) {

    public PolicyEntry(ResourcePattern resource, Set<Action> actions, List<String> sourceIps, Decision decision) {
        this(resource, Set.copyOf(actions), sourceIps == null ? List.of() : List.copyOf(sourceIps), decision,
                new SourceAddresses(sourceIps));
    }

    public PolicyEntry {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("policy entry on " + resource.text() + " names no action");
        }
    }

    /** Whether this entry speaks of {@code action} on {@code target} for {@code caller}. */
    boolean covers(Resource target, Action action, Authorizer.Caller caller) {
        return (actions.contains(action) || actions.contains(Action.ALL)) && resource.matches(target)
                && (sources.any() || sources.contains(caller.address()));
    }

    public static PolicyEntry fromJson(JSONObject json) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        JSONArray actionList = json.getJSONArray("actions");
        if (actionList != null) {
            for (Object a : actionList) {
                actions.add(Action.parse(String.valueOf(a)));
            }
        }
        JSONArray ips = json.getJSONArray("sourceIps");
        List<String> sourceIps = new ArrayList<>();
        if (ips != null) {
            ips.forEach(ip -> sourceIps.add(String.valueOf(ip)));
        }
        return new PolicyEntry(ResourcePattern.parse(json.getString("resource")), actions, sourceIps,
                Decision.parse(json.getString("decision")));
    }

    public JSONObject toJson() {
        JSONObject json = new JSONObject();
        json.put("resource", resource.text());
        json.put("actions", actions.stream().sorted().map(Action::wireName).toList());
        json.put("sourceIps", sourceIps);
        json.put("decision", decision.wireName());
        return json;
    }
}
