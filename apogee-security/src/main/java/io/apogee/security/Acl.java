package io.apogee.security;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policies of one subject ({@code User:NAME}), by policy type ({@code Custom}, written by admins, and
 * {@code Default}), each a list of entries with at most one entry per resource. Written as RocketMQ 5's
 * {@code AclInfo}: {@code {"subject":..,"policies":[{"policyType":..,"entries":[..]}]}}.
 *
 * <p>Thread safety: immutable; changes make a new Acl.
 */
public record Acl(String subject, Map<String, List<PolicyEntry>> policies) {

    public static final String CUSTOM = "Custom";
    public static final String DEFAULT = "Default";

    public Acl {
        if (subject == null || !subject.startsWith("User:") || subject.length() == "User:".length()) {
            throw new IllegalArgumentException("bad subject '" + subject + "': use User:NAME");
        }
        Map<String, List<PolicyEntry>> copy = new LinkedHashMap<>();
        policies.forEach((type, entries) -> copy.put(type, List.copyOf(entries)));
        policies = copy;
    }

    /** The username of a {@code User:NAME} subject. */
    public String username() {
        return subject.substring("User:".length());
    }

    /** This acl with {@code other}'s entries added, an entry of the same type and resource replaced. */
    public Acl merge(Acl other) {
        Map<String, List<PolicyEntry>> merged = new LinkedHashMap<>(policies);
        other.policies.forEach((type, entries) -> {
            List<PolicyEntry> list = new ArrayList<>(merged.getOrDefault(type, List.of()));
            for (PolicyEntry entry : entries) {
                list.removeIf(e -> e.resource().equals(entry.resource()));
                list.add(entry);
            }
            merged.put(type, list);
        });
        return new Acl(subject, merged);
    }

    /**
     * This acl without the entries of {@code type} (null: every type) on {@code resources} (empty: all of them);
     * null when nothing is left.
     */
    public Acl without(String type, List<ResourcePattern> resources) {
        Map<String, List<PolicyEntry>> left = new LinkedHashMap<>();
        policies.forEach((t, entries) -> {
            if (type != null && !t.equals(type)) {
                left.put(t, entries);
                return;
            }
            if (resources.isEmpty()) {
                return;
            }
            List<PolicyEntry> kept = entries.stream().filter(e -> !resources.contains(e.resource())).toList();
            if (!kept.isEmpty()) {
                left.put(t, kept);
            }
        });
        return left.isEmpty() ? null : new Acl(subject, left);
    }

    /** Normalises a policy type as written by users ({@code custom}, {@code DEFAULT}) to its wire spelling. */
    public static String policyType(String text) {
        if (text == null || text.isBlank()) {
            return CUSTOM;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "custom" -> CUSTOM;
            case "default" -> DEFAULT;
            default -> throw new IllegalArgumentException("unknown policy type '" + text + "': use Custom or Default");
        };
    }

    public static Acl fromJson(JSONObject json) {
        Map<String, List<PolicyEntry>> policies = new LinkedHashMap<>();
        JSONArray list = json.getJSONArray("policies");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                JSONObject policy = list.getJSONObject(i);
                String type = policyType(policy.getString("policyType"));
                List<PolicyEntry> entries = new ArrayList<>(policies.getOrDefault(type, List.of()));
                JSONArray entryList = policy.getJSONArray("entries");
                if (entryList != null) {
                    for (int j = 0; j < entryList.size(); j++) {
                        entries.add(PolicyEntry.fromJson(entryList.getJSONObject(j)));
                    }
                }
                policies.put(type, entries);
            }
        }
        return new Acl(json.getString("subject"), policies);
    }

    public JSONObject toJson() {
        JSONObject json = new JSONObject();
        json.put("subject", subject);
        JSONArray list = new JSONArray();
        policies.forEach((type, entries) -> {
            JSONObject policy = new JSONObject();
            policy.put("policyType", type);
            policy.put("entries", entries.stream().map(PolicyEntry::toJson).toList());
            list.add(policy);
        });
        json.put("policies", list);
        return json;
    }
}
