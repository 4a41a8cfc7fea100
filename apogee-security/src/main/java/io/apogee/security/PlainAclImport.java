package io.apogee.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Imports a RocketMQ 4 {@code plain_acl.yml} (ACL 1.0) into users and policies with the same effect: each account
 * becomes a user (its accessKey and secretKey; {@code admin: true} makes it Super); each {@code topicPerms} and
 * {@code groupPerms} line ({@code NAME=PUB}, {@code SUB}, {@code PUB|SUB} or {@code DENY}) a Custom entry on that
 * topic or group; {@code defaultTopicPerm} and {@code defaultGroupPerm} Default entries on {@code Topic:*} and
 * {@code Group:*}, which a named entry overrides as in ACL 1.0; {@code whiteRemoteAddress} the entries' source
 * addresses. Users that exist already are left as they are. {@code globalWhiteRemoteAddresses} let ACL 1.0
 * callers skip signing, which ACL 2.0 has no place for: they are named in a warning and not imported.
 *
 * <p>Thread safety: run once at start by the owning thread.
 */
public final class PlainAclImport {

    private static final Logger LOG = LoggerFactory.getLogger(PlainAclImport.class);

    private PlainAclImport() {
    }

    /** Imports {@code file} into {@code store}; returns the usernames created. */
    public static List<String> run(Path file, SecurityStore store) {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            root = loaded instanceof Map<?, ?> map ? cast(map) : Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ACL 1.0 file " + file + ": " + e.getMessage(), e);
        }
        Object global = root.get("globalWhiteRemoteAddresses");
        if (global instanceof List<?> list && !list.isEmpty()) {
            LOG.warn("{}: globalWhiteRemoteAddresses {} are not imported: ACL 2.0 lets no address skip signing",
                    file.getFileName(), list);
        }
        List<String> created = new ArrayList<>();
        Object accounts = root.get("accounts");
        if (accounts instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(file + ": an account is not a map: " + item);
                }
                Map<String, Object> account = cast(map);
                User user = user(account);
                if (!store.createUser(user)) {
                    LOG.info("{}: user '{}' exists already, not imported", file.getFileName(), user.username());
                    continue;
                }
                Acl acl = acl(user.username(), account);
                if (!acl.policies().isEmpty()) {
                    store.putAcl(acl);
                }
                created.add(user.username());
            }
        }
        LOG.info("imported {} users from {}: {}", created.size(), file, created);
        return created;
    }

    private static User user(Map<String, Object> account) {
        String accessKey = text(account.get("accessKey"));
        String secretKey = text(account.get("secretKey"));
        boolean admin = Boolean.parseBoolean(text(account.get("admin")));
        return new User(accessKey, secretKey, admin ? User.Type.SUPER : User.Type.NORMAL, User.Status.ENABLE);
    }

    static Acl acl(String username, Map<String, Object> account) {
        List<String> sources = new ArrayList<>();
        String white = text(account.get("whiteRemoteAddress"));
        for (String part : white.split(",")) {
            if (!part.isBlank()) {
                sources.add(part.trim());
            }
        }
        Map<String, List<PolicyEntry>> policies = new LinkedHashMap<>();
        List<PolicyEntry> custom = new ArrayList<>();
        addPerms(custom, account.get("topicPerms"), Resource.Kind.TOPIC, sources);
        addPerms(custom, account.get("groupPerms"), Resource.Kind.GROUP, sources);
        if (!custom.isEmpty()) {
            policies.put(Acl.CUSTOM, custom);
        }
        List<PolicyEntry> defaults = new ArrayList<>();
        addDefault(defaults, account.get("defaultTopicPerm"), Resource.Kind.TOPIC, sources);
        addDefault(defaults, account.get("defaultGroupPerm"), Resource.Kind.GROUP, sources);
        if (!defaults.isEmpty()) {
            policies.put(Acl.DEFAULT, defaults);
        }
        return new Acl("User:" + username, policies);
    }

    private static void addPerms(List<PolicyEntry> entries, Object perms, Resource.Kind kind, List<String> sources) {
        if (!(perms instanceof List<?> list)) {
            return;
        }
        for (Object line : list) {
            String text = text(line);
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad permission line '" + text + "': use NAME=PUB|SUB|DENY");
            }
            ResourcePattern resource = new ResourcePattern(kind, text.substring(0, eq).trim(), false);
            entries.add(entry(resource, text.substring(eq + 1), sources));
        }
    }

    private static void addDefault(List<PolicyEntry> entries, Object perm, Resource.Kind kind, List<String> sources) {
        String text = text(perm);
        if (!text.isEmpty()) {
            entries.add(entry(new ResourcePattern(kind, "", true), text, sources));
        }
    }

    private static PolicyEntry entry(ResourcePattern resource, String perm, List<String> sources) {
        String p = perm.trim().toUpperCase(Locale.ROOT);
        return switch (p) {
            case "DENY" -> new PolicyEntry(resource, EnumSet.of(Action.PUB, Action.SUB), sources, Decision.DENY);
            case "PUB" -> new PolicyEntry(resource, Set.of(Action.PUB), sources, Decision.ALLOW);
            case "SUB" -> new PolicyEntry(resource, Set.of(Action.SUB), sources, Decision.ALLOW);
            case "PUB|SUB", "SUB|PUB" -> new PolicyEntry(resource, EnumSet.of(Action.PUB, Action.SUB), sources,
                    Decision.ALLOW);
            default -> throw new IllegalArgumentException("bad permission '" + perm + "' on " + resource.text()
                    + ": use PUB, SUB, PUB|SUB or DENY");
        };
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
