package io.apogee.remoting.server;

import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;

import java.util.function.Function;

/**
 * What one client may take of a server, as configuration keys the broker and the name server share: open
 * connections in total and per source address, how soon a new connection must deliver its first request, how
 * many of one connection's requests may be in progress, the frame size and the idle time. The keys are
 * declared once here ({@link #declare}) into each server's key table, so both read, document and check them
 * alike; {@link #applyTo} hands the values to the {@link ServerConfig}. RocketMQ's names where it has the
 * setting ({@code serverChannelMaxIdleTimeSeconds}), Apogee's own otherwise.
 *
 * <p>Thread safety: filled on one thread while a configuration is read; not changed after.
 */
public final class ServerLimits {

    /** Connections open at once, all peers together. */
    public static final String SERVER_CONNECTIONS_MAX = "serverConnectionsMax";
    /** Connections open at once from one source address. */
    public static final String SERVER_CONNECTIONS_PER_ADDRESS_MAX = "serverConnectionsPerAddressMax";
    /** A connection without a complete request this long after opening is closed, in ms; 0 never. */
    public static final String FIRST_FRAME_TIMEOUT_MILLIS = "firstFrameTimeoutMillis";
    /** Requests of one connection in progress at once; past it SYSTEM_BUSY. */
    public static final String SERVER_REQUESTS_IN_FLIGHT_PER_CONNECTION_MAX = "serverRequestsInFlightPerConnectionMax";
    /** The largest frame accepted, in bytes; RocketMQ reads it from the system property com.rocketmq.remoting.frameMaxLength. */
    public static final String FRAME_MAX_LENGTH = "frameMaxLength";
    /** RocketMQ's: a connection with no traffic this long is closed, in seconds; 0 never. */
    public static final String SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS = "serverChannelMaxIdleTimeSeconds";

    /**
     * The name server's first-frame deadline: none. The official client keeps a connection open to every name
     * server it is given and talks on one of them only, so a silent connection there is a normal client; the
     * idle time still closes it.
     */
    public static final long NAMESRV_FIRST_FRAME_TIMEOUT_MILLIS = 0;

    private int connectionsMax = ServerConfig.DEFAULT_MAX_CONNECTIONS;
    private int connectionsPerAddressMax = ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private long firstFrameTimeoutMillis = ServerConfig.DEFAULT_FIRST_FRAME_TIMEOUT_MILLIS;
    private int requestsInFlightPerConnectionMax = ServerConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT_PER_CONNECTION;
    private int frameMaxLength = ServerConfig.DEFAULT_MAX_FRAME_LENGTH;
    private int channelMaxIdleTimeSeconds = (int) (ServerConfig.DEFAULT_IDLE_TIME_MILLIS / 1000);

    /**
     * Declares the keys in a server's table, read from and written to the {@code ServerLimits} that {@code limits}
     * returns for the server's settings object; {@code firstFrameTimeoutDefault} is the part's own default.
     */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, ServerLimits> limits,
                                            long firstFrameTimeoutDefault) {
        return table
                .key(SERVER_CONNECTIONS_MAX, "int", Integer.toString(ServerConfig.DEFAULT_MAX_CONNECTIONS), "", false,
                        "connections open at once, all peers; one more is closed when accepted (Apogee)",
                        s -> ConfigValues.intAtLeast(s, 1), (c, v) -> limits.apply(c).connectionsMax = v,
                        c -> limits.apply(c).connectionsMax)
                .key(SERVER_CONNECTIONS_PER_ADDRESS_MAX, "int",
                        Integer.toString(ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS), "", false,
                        "connections open at once from one source address; at most serverConnectionsMax (Apogee)",
                        s -> ConfigValues.intAtLeast(s, 1), (c, v) -> limits.apply(c).connectionsPerAddressMax = v,
                        c -> limits.apply(c).connectionsPerAddressMax)
                .key(FIRST_FRAME_TIMEOUT_MILLIS, "long", Long.toString(firstFrameTimeoutDefault), "ms", false,
                        "a connection without a complete request this long after opening is closed; 0 never (Apogee)",
                        s -> ConfigValues.longAtLeast(s, 0), (c, v) -> limits.apply(c).firstFrameTimeoutMillis = v,
                        c -> limits.apply(c).firstFrameTimeoutMillis)
                .key(SERVER_REQUESTS_IN_FLIGHT_PER_CONNECTION_MAX, "int",
                        Integer.toString(ServerConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT_PER_CONNECTION), "", false,
                        "requests of one connection in progress at once, held pulls included; past it SYSTEM_BUSY (Apogee)",
                        s -> ConfigValues.intAtLeast(s, 1), (c, v) -> limits.apply(c).requestsInFlightPerConnectionMax = v,
                        c -> limits.apply(c).requestsInFlightPerConnectionMax)
                .key(FRAME_MAX_LENGTH, "int", Integer.toString(ServerConfig.DEFAULT_MAX_FRAME_LENGTH), "bytes", false,
                        "largest frame accepted; a larger one closes its connection (RocketMQ's -Dcom.rocketmq.remoting"
                                + ".frameMaxLength)",
                        s -> ConfigValues.intAtLeast(s, 1024), (c, v) -> limits.apply(c).frameMaxLength = v,
                        c -> limits.apply(c).frameMaxLength)
                .key(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS, "int",
                        Long.toString(ServerConfig.DEFAULT_IDLE_TIME_MILLIS / 1000), "s", false,
                        "a connection with no traffic either way this long is closed; 0 never",
                        s -> ConfigValues.intAtLeast(s, 0), (c, v) -> limits.apply(c).channelMaxIdleTimeSeconds = v,
                        c -> limits.apply(c).channelMaxIdleTimeSeconds);
    }

    /**
     * Sets the limits on {@code config}; returns it.
     *
     * @throws IllegalArgumentException naming the keys when the per-address limit is above the total
     */
    public ServerConfig applyTo(ServerConfig config) {
        if (connectionsPerAddressMax > connectionsMax) {
            throw new IllegalArgumentException("setting '" + SERVER_CONNECTIONS_PER_ADDRESS_MAX + "' ("
                    + connectionsPerAddressMax + ") must be at most '" + SERVER_CONNECTIONS_MAX + "' (" + connectionsMax + ")");
        }
        return config.maxConnections(connectionsMax).maxConnectionsPerAddress(connectionsPerAddressMax)
                .firstFrameTimeoutMillis(firstFrameTimeoutMillis)
                .maxRequestsInFlightPerConnection(requestsInFlightPerConnectionMax)
                .maxFrameLength(frameMaxLength).idleTimeMillis(channelMaxIdleTimeSeconds * 1000L);
    }

    public int connectionsMax() { return connectionsMax; }
    public ServerLimits connectionsMax(int value) { connectionsMax = value; return this; }
    public int connectionsPerAddressMax() { return connectionsPerAddressMax; }
    public ServerLimits connectionsPerAddressMax(int value) { connectionsPerAddressMax = value; return this; }
    public long firstFrameTimeoutMillis() { return firstFrameTimeoutMillis; }
    public ServerLimits firstFrameTimeoutMillis(long value) { firstFrameTimeoutMillis = value; return this; }
    public int requestsInFlightPerConnectionMax() { return requestsInFlightPerConnectionMax; }
    public ServerLimits requestsInFlightPerConnectionMax(int value) { requestsInFlightPerConnectionMax = value; return this; }
    public int frameMaxLength() { return frameMaxLength; }
    public ServerLimits frameMaxLength(int value) { frameMaxLength = value; return this; }
    public int channelMaxIdleTimeSeconds() { return channelMaxIdleTimeSeconds; }
    public ServerLimits channelMaxIdleTimeSeconds(int value) { channelMaxIdleTimeSeconds = value; return this; }
}
