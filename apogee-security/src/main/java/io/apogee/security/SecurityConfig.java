package io.apogee.security;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Whether a server checks who calls it and what they may do, with RocketMQ 5.3.3's key names:
 * {@code authenticationEnabled}, {@code authorizationEnabled} (which implies checking signatures too),
 * {@code initAuthenticationUser} (the first Super user, {@code {"username":..,"password":..}}) and
 * {@code innerClientAuthenticationCredentials} (what the server signs its own calls to other servers with,
 * {@code {"accessKey":..,"secretKey":..}}). With {@code migrateAuthFromV1Enabled} a RocketMQ 4 {@code plain_acl.yml},
 * named by Apogee's {@code plainAclFile}, is imported at start ({@link PlainAclImport}). RocketMQ's keys that choose providers, strategies and cache sizes are
 * accepted and ignored: Apogee has one built-in provider and keeps every user and policy in memory.
 *
 * <p>Thread safety: immutable.
 */
public record SecurityConfig(boolean authenticationEnabled, boolean authorizationEnabled, String initUser,
                             String innerCredentials, boolean migrateFromV1, String plainAclFile) {

    public static final String AUTHENTICATION_ENABLED = "authenticationEnabled";
    public static final String AUTHORIZATION_ENABLED = "authorizationEnabled";
    public static final String INIT_AUTHENTICATION_USER = "initAuthenticationUser";
    public static final String INNER_CLIENT_AUTHENTICATION_CREDENTIALS = "innerClientAuthenticationCredentials";
    public static final String MIGRATE_AUTH_FROM_V1_ENABLED = "migrateAuthFromV1Enabled";
    /** Apogee's own: where the ACL 1.0 file to import is; RocketMQ looks under its home folder instead. */
    public static final String PLAIN_ACL_FILE = "plainAclFile";

    /** RocketMQ 5.3.3's other auth keys: accepted so its configuration files start a server, not acted on. */
    public static final List<String> IGNORED = List.of("authConfigPath", "authenticationProvider",
            "authenticationMetadataProvider", "authenticationStrategy", "authenticationWhitelist",
            "authorizationProvider", "authorizationMetadataProvider", "authorizationStrategy", "authorizationWhitelist",
            "userCacheMaxNum", "userCacheExpiredSecond", "userCacheRefreshSecond",
            "aclCacheMaxNum", "aclCacheExpiredSecond", "aclCacheRefreshSecond", "statefulAuthenticationCacheMaxNum",
            "statefulAuthenticationCacheExpiredSecond", "statefulAuthorizationCacheMaxNum",
            "statefulAuthorizationCacheExpiredSecond");

    private static final String SECRET_SHOWN_AS = "******";

    public SecurityConfig {
        initUser = initUser == null ? "" : initUser.trim();
        innerCredentials = innerCredentials == null ? "" : innerCredentials.trim();
        plainAclFile = plainAclFile == null ? "" : plainAclFile.trim();
    }

    /** Without an ACL 1.0 import. */
    public SecurityConfig(boolean authenticationEnabled, boolean authorizationEnabled, String initUser,
                          String innerCredentials) {
        this(authenticationEnabled, authorizationEnabled, initUser, innerCredentials, false, "");
    }

    /** Everything off: the default, as in RocketMQ. */
    public static SecurityConfig disabled() {
        return new SecurityConfig(false, false, "", "");
    }

    /** The ACL 1.0 file to import at start, or null when none is. */
    public Path plainAclImport() {
        if (!migrateFromV1) {
            return null;
        }
        if (plainAclFile.isEmpty()) {
            throw new IllegalArgumentException("setting '" + MIGRATE_AUTH_FROM_V1_ENABLED + "' is true but '"
                    + PLAIN_ACL_FILE + "' names no plain_acl.yml to import");
        }
        return Path.of(plainAclFile);
    }

    /** Whether requests are checked at all: authorization needs to know who signed, so it implies authentication. */
    public boolean guarded() {
        return authenticationEnabled || authorizationEnabled;
    }

    /** The first Super user from {@code initAuthenticationUser}, or null when unset. */
    public User initialUser() {
        if (initUser.isEmpty()) {
            return null;
        }
        try {
            JSONObject json = JSON.parseObject(initUser);
            return new User(json.getString("username"), json.getString("password"), User.Type.SUPER,
                    User.Status.ENABLE);
        } catch (JSONException | IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + INIT_AUTHENTICATION_USER
                    + "' must be {\"username\":\"..\",\"password\":\"..\"}: " + e.getMessage(), e);
        }
    }

    /** The credentials from {@code innerClientAuthenticationCredentials}, or null when unset. */
    public Credentials innerClientCredentials() {
        return Credentials.parse(INNER_CLIENT_AUTHENTICATION_CREDENTIALS, innerCredentials);
    }

    /** This configuration with {@code key} set from its text; a bad value throws naming the key. */
    public SecurityConfig with(String key, String value) {
        return switch (key) {
            case AUTHENTICATION_ENABLED -> new SecurityConfig(ConfigValues.bool(value), authorizationEnabled, initUser,
                    innerCredentials, migrateFromV1, plainAclFile);
            case AUTHORIZATION_ENABLED -> new SecurityConfig(authenticationEnabled, ConfigValues.bool(value), initUser,
                    innerCredentials, migrateFromV1, plainAclFile);
            case INIT_AUTHENTICATION_USER -> checked(new SecurityConfig(authenticationEnabled, authorizationEnabled,
                    value, innerCredentials, migrateFromV1, plainAclFile));
            case INNER_CLIENT_AUTHENTICATION_CREDENTIALS -> checked(new SecurityConfig(authenticationEnabled,
                    authorizationEnabled, initUser, value, migrateFromV1, plainAclFile));
            case MIGRATE_AUTH_FROM_V1_ENABLED -> new SecurityConfig(authenticationEnabled, authorizationEnabled,
                    initUser, innerCredentials, ConfigValues.bool(value), plainAclFile);
            case PLAIN_ACL_FILE -> new SecurityConfig(authenticationEnabled, authorizationEnabled, initUser,
                    innerCredentials, migrateFromV1, value);
            default -> throw new IllegalArgumentException("not a security key: " + key);
        };
    }

    private static SecurityConfig checked(SecurityConfig config) {
        config.initialUser();
        config.innerClientCredentials();
        return config;
    }

    /**
     * Declares the keys in a server's key table, kept in the {@code SecurityConfig} that {@code get} and
     * {@code set} read and replace. Secrets read back masked, so admin tools never show them.
     */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, SecurityConfig> get,
                                            BiConsumer<C, SecurityConfig> set) {
        table.key(AUTHENTICATION_ENABLED, "boolean", "false", "", false,
                        "every request must be signed by an enabled user (ACL client hook)",
                        s -> checked(AUTHENTICATION_ENABLED, s),
                        (c, v) -> set.accept(c, get.apply(c).with(AUTHENTICATION_ENABLED, v)),
                        c -> get.apply(c).authenticationEnabled())
                .key(AUTHORIZATION_ENABLED, "boolean", "false", "", false,
                        "requests are checked against the caller's policies; implies signed requests",
                        s -> checked(AUTHORIZATION_ENABLED, s),
                        (c, v) -> set.accept(c, get.apply(c).with(AUTHORIZATION_ENABLED, v)),
                        c -> get.apply(c).authorizationEnabled())
                .key(INIT_AUTHENTICATION_USER, "JSON", "", "", false,
                        "the first Super user, created at start when missing: {\"username\":..,\"password\":..}",
                        s -> checked(INIT_AUTHENTICATION_USER, s),
                        (c, v) -> set.accept(c, get.apply(c).with(INIT_AUTHENTICATION_USER, v)),
                        c -> masked(get.apply(c).initUser()))
                .key(INNER_CLIENT_AUTHENTICATION_CREDENTIALS, "JSON", "", "", false,
                        "what this server signs its calls to other servers with: {\"accessKey\":..,\"secretKey\":..}",
                        s -> checked(INNER_CLIENT_AUTHENTICATION_CREDENTIALS, s),
                        (c, v) -> set.accept(c, get.apply(c).with(INNER_CLIENT_AUTHENTICATION_CREDENTIALS, v)),
                        c -> masked(get.apply(c).innerCredentials()))
                .key(MIGRATE_AUTH_FROM_V1_ENABLED, "boolean", "false", "", false,
                        "import the ACL 1.0 file plainAclFile at start (users that exist are kept)",
                        s -> checked(MIGRATE_AUTH_FROM_V1_ENABLED, s),
                        (c, v) -> set.accept(c, get.apply(c).with(MIGRATE_AUTH_FROM_V1_ENABLED, v)),
                        c -> get.apply(c).migrateFromV1())
                .key(PLAIN_ACL_FILE, "path", "", "", false,
                        "a RocketMQ 4 plain_acl.yml to import when migrateAuthFromV1Enabled (Apogee)",
                        s -> checked(PLAIN_ACL_FILE, s),
                        (c, v) -> set.accept(c, get.apply(c).with(PLAIN_ACL_FILE, v)),
                        c -> get.apply(c).plainAclFile());
        for (String ignored : IGNORED) {
            table.key(ignored, "string", "", "", false,
                    "RocketMQ's; accepted and ignored (Apogee has one built-in auth provider)",
                    ConfigValues::text, (c, v) -> { }, c -> "");
        }
        return table;
    }

    private static String checked(String key, String value) {
        disabled().with(key, value);
        return value;
    }

    private static String masked(String secret) {
        return secret.isEmpty() ? "" : SECRET_SHOWN_AS;
    }
}
