package io.apogee.remoting.tls;

import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;
import io.apogee.common.config.UnknownKeys;
import io.netty.handler.ssl.ClientAuth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The TLS settings of a server and of its own outgoing connections, with RocketMQ's key names, so that the
 * {@code -Dtls.*} options and the {@code tls.config.file} written for a RocketMQ broker keep their meaning.
 * The keys may be given in a broker's or name server's configuration file, as JVM system properties (which
 * win, see {@link #withSystemProperties}), or in the properties file named by {@code tls.config.file} (which
 * fills in only the keys still at their defaults, see {@link #resolved()}).
 *
 * <p>Defaults that differ from RocketMQ's, deliberately:
 * <ul>
 *   <li>{@code tls.server.mode} has no fixed default: it is {@code permissive} when a server certificate is
 *       configured and {@code disabled} when none is. RocketMQ defaults to permissive with a self-signed
 *       certificate it makes at start-up, which encrypts but proves nothing about the server; Apogee makes no
 *       certificate, so without one there is nothing to serve TLS with, and with one, permissive keeps every
 *       plain-text client working while TLS clients move over.</li>
 *   <li>{@code tls.test.mode.enable} is false (RocketMQ: true). In test mode the outgoing side trusts any
 *       server and presents no client certificate, whatever else is configured; Apogee's server side has no
 *       test mode.</li>
 *   <li>{@code tls.config.file} names no file (RocketMQ: {@code /etc/rocketmq/tls.properties}, read when it
 *       exists), so no file outside the configuration the operator gave changes how a server starts.</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 */
public final class TlsConfig {

    public static final String TLS_SERVER_MODE = "tls.server.mode";
    public static final String TLS_SERVER_NEED_CLIENT_AUTH = "tls.server.need.client.auth";
    public static final String TLS_SERVER_KEY_PATH = "tls.server.keyPath";
    public static final String TLS_SERVER_KEY_PASSWORD = "tls.server.keyPassword";
    public static final String TLS_SERVER_CERT_PATH = "tls.server.certPath";
    public static final String TLS_SERVER_AUTH_CLIENT = "tls.server.authClient";
    public static final String TLS_SERVER_TRUST_CERT_PATH = "tls.server.trustCertPath";
    public static final String TLS_CLIENT_KEY_PATH = "tls.client.keyPath";
    public static final String TLS_CLIENT_KEY_PASSWORD = "tls.client.keyPassword";
    public static final String TLS_CLIENT_CERT_PATH = "tls.client.certPath";
    public static final String TLS_CLIENT_AUTH_SERVER = "tls.client.authServer";
    public static final String TLS_CLIENT_TRUST_CERT_PATH = "tls.client.trustCertPath";
    public static final String TLS_TEST_MODE_ENABLE = "tls.test.mode.enable";
    public static final String TLS_ENABLE = "tls.enable";
    public static final String TLS_CONFIG_FILE = "tls.config.file";

    private record Key(String name, String type, String defaultText, String doc, Function<String, ?> parser) {
    }

    /** Every key, in the order the reference lists them. */
    private static final Map<String, Key> KEYS = keys(
            new Key(TLS_SERVER_MODE, "disabled|permissive|enforcing", "",
                    "TLS on the server's port; empty: permissive when tls.server.certPath is set, else disabled",
                    TlsConfig::optionalMode),
            new Key(TLS_SERVER_NEED_CLIENT_AUTH, "none|optional|require", "none",
                    "whether the server asks clients for a certificate", TlsConfig::clientAuth),
            new Key(TLS_SERVER_CERT_PATH, "path", "", "the server's certificate chain (PEM)", ConfigValues::text),
            new Key(TLS_SERVER_KEY_PATH, "path", "", "the server's private key (PEM, PKCS#8)", ConfigValues::text),
            new Key(TLS_SERVER_KEY_PASSWORD, "string", "", "password of an encrypted server key", ConfigValues::text),
            new Key(TLS_SERVER_AUTH_CLIENT, "boolean", "false",
                    "check client certificates against tls.server.trustCertPath; false accepts any, as in RocketMQ",
                    ConfigValues::bool),
            new Key(TLS_SERVER_TRUST_CERT_PATH, "path", "",
                    "CA certificates client certificates must chain to (PEM; empty: the JVM's)", ConfigValues::text),
            new Key(TLS_ENABLE, "boolean", "",
                    "the server's own outgoing connections (to name servers) use TLS; empty: when tls.server.mode is enforcing",
                    TlsConfig::optionalBool),
            new Key(TLS_CLIENT_CERT_PATH, "path", "", "certificate the outgoing side presents (PEM)", ConfigValues::text),
            new Key(TLS_CLIENT_KEY_PATH, "path", "", "its private key (PEM, PKCS#8)", ConfigValues::text),
            new Key(TLS_CLIENT_KEY_PASSWORD, "string", "", "password of an encrypted client key", ConfigValues::text),
            new Key(TLS_CLIENT_AUTH_SERVER, "boolean", "false",
                    "the outgoing side checks the server's certificate against tls.client.trustCertPath",
                    ConfigValues::bool),
            new Key(TLS_CLIENT_TRUST_CERT_PATH, "path", "",
                    "CA certificates server certificates must chain to (PEM; empty: the JVM's)", ConfigValues::text),
            new Key(TLS_TEST_MODE_ENABLE, "boolean", "false",
                    "the outgoing side trusts any server and presents no certificate (RocketMQ's default is true)",
                    ConfigValues::bool),
            new Key(TLS_CONFIG_FILE, "path", "",
                    "a properties file with tls.* keys, for those not given otherwise", ConfigValues::text));

    private static final TlsConfig NONE = new TlsConfig(Map.of());

    /** The keys given, each valid; a key absent here has its default. */
    private final Map<String, String> given;

    private TlsConfig(Map<String, String> given) {
        this.given = Collections.unmodifiableMap(new TreeMap<>(given));
    }

    /** Nothing configured: no TLS anywhere. */
    public static TlsConfig none() {
        return NONE;
    }

    /** Every key's name. */
    public static Set<String> keyNames() {
        return KEYS.keySet();
    }

    /**
     * This configuration with {@code key} set from its text; a bad value or unknown key throws
     * IllegalArgumentException naming the key.
     */
    public TlsConfig with(String key, String value) {
        Key k = KEYS.get(key);
        if (k == null) {
            throw new IllegalArgumentException("not a TLS key: " + key);
        }
        String v = value.trim();
        try {
            k.parser().apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + key + "' has a bad value '" + v + "': " + e.getMessage(), e);
        }
        Map<String, String> next = new TreeMap<>(given);
        if (v.equals(k.defaultText())) {
            // A default is not "given": tls.config.file may still fill the key in.
            next.remove(key);
        } else {
            next.put(key, v);
        }
        return new TlsConfig(next);
    }

    /**
     * {@code settings} with every {@code tls.*} JVM system property this class knows put over the values the
     * file gave: what an operator types on the command line wins, as {@code -Dtls.server.mode=enforcing} does for
     * a RocketMQ broker.
     */
    public static Properties withSystemProperties(Properties settings, Properties system) {
        Properties merged = new Properties();
        merged.putAll(settings);
        for (String key : KEYS.keySet()) {
            String value = system.getProperty(key);
            if (value != null) {
                merged.setProperty(key, value);
            }
        }
        return merged;
    }

    /**
     * The {@code tls.*} JVM system properties, with {@code tls.config.file} filling in the rest: what a client
     * application configures, as the official client reads the same properties.
     *
     * @throws IllegalArgumentException naming a key whose value is bad
     */
    public static TlsConfig fromSystemProperties() {
        Properties system = withSystemProperties(new Properties(), System.getProperties());
        TlsConfig config = NONE;
        for (String key : new TreeSet<>(system.stringPropertyNames())) {
            config = config.with(key, system.getProperty(key));
        }
        return config.resolved();
    }

    /**
     * This configuration with the keys of {@code tls.config.file}, if one is named, filled in where this one
     * has the default. An unreadable file, an unknown key in it or a bad value throws IllegalArgumentException naming the file.
     */
    public TlsConfig resolved() {
        String file = text(TLS_CONFIG_FILE);
        if (file.isEmpty()) {
            return this;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("setting '" + TLS_CONFIG_FILE + "': cannot read " + file + ": " + e, e);
        }
        List<String> unknown = properties.stringPropertyNames().stream().filter(k -> !KEYS.containsKey(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + UnknownKeys.describe("TLS configuration", unknown, KEYS.keySet()));
        }
        TlsConfig result = this;
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!given.containsKey(key) && !key.equals(TLS_CONFIG_FILE)) {
                try {
                    result = result.with(key, properties.getProperty(key));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return result;
    }

    /** The value of {@code key} as text: as given, else its default. */
    public String text(String key) {
        String value = given.get(key);
        return value != null ? value : KEYS.get(key).defaultText();
    }

    /** The server's mode: as given, else permissive when a server certificate is configured, else disabled. */
    public TlsMode serverMode() {
        String mode = text(TLS_SERVER_MODE);
        if (!mode.isEmpty()) {
            return TlsMode.parse(mode);
        }
        return text(TLS_SERVER_CERT_PATH).isEmpty() ? TlsMode.DISABLED : TlsMode.PERMISSIVE;
    }

    /** Whether the server's own outgoing connections use TLS: as given, else when the server enforces TLS. */
    public boolean clientEnabled() {
        String enable = text(TLS_ENABLE);
        return enable.isEmpty() ? serverMode() == TlsMode.ENFORCING : Boolean.parseBoolean(enable);
    }

    public ClientAuth needClientAuth() {
        return clientAuth(text(TLS_SERVER_NEED_CLIENT_AUTH));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    /** Every key with its value as text (empty: unset), for admin tools; passwords are not shown. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS.keySet()) {
            values.put(key, isPassword(key) && !text(key).isEmpty() ? "******" : text(key));
        }
        return values;
    }

    private static boolean isPassword(String key) {
        return key.equals(TLS_SERVER_KEY_PASSWORD) || key.equals(TLS_CLIENT_KEY_PASSWORD);
    }

    /**
     * Declares every TLS key in a server's key table, kept in the {@code TlsConfig} that {@code get} and {@code set}
     * read and replace on the server's settings object.
     */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, TlsConfig> get, BiConsumer<C, TlsConfig> set) {
        for (Key key : KEYS.values()) {
            table.key(key.name(), key.type(), key.defaultText(), "", false, key.doc(),
                    s -> checked(key.name(), s), (c, v) -> set.accept(c, get.apply(c).with(key.name(), v)),
                    c -> get.apply(c).values().get(key.name()));
        }
        return table;
    }

    private static String checked(String key, String value) {
        KEYS.get(key).parser().apply(value);
        return value;
    }

    private static TlsMode optionalMode(String text) {
        return text.isEmpty() ? null : TlsMode.parse(text);
    }

    private static Boolean optionalBool(String text) {
        return text.isEmpty() ? null : ConfigValues.bool(text);
    }

    private static ClientAuth clientAuth(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException("must be none, optional or require");
        };
    }

    private static Map<String, Key> keys(Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.name(), key);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsConfig other && given.equals(other.given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return "TlsConfig" + values();
    }
}
