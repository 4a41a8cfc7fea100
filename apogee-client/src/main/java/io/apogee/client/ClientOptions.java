package io.apogee.client;

import io.apogee.remoting.RpcHook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The options every producer and consumer shares, named as RocketMQ's {@code ClientConfig} names
 * them. Clients with the same {@linkplain #buildClientId() client id} share one client instance, so
 * the instance takes its settings from the first of them to start.
 *
 * <p>Thread safety: not thread-safe; configure on one thread before {@code start()}.
 */
public class ClientOptions {

    /** The instance name that start() replaces with the process id. */
    public static final String DEFAULT_INSTANCE_NAME = "DEFAULT";
    /** Name-server addresses, {@code ;}-separated, when none is set explicitly. */
    public static final String NAMESRV_ADDR_PROPERTY = "rocketmq.namesrv.addr";
    public static final String NAMESRV_ADDR_ENV = "NAMESRV_ADDR";
    /** Host (and port, default 8080) of the address server consulted when no name server is set. */
    public static final String NAMESRV_DOMAIN_PROPERTY = "rocketmq.namesrv.domain";
    public static final String NAMESRV_DOMAIN_SUBGROUP_PROPERTY = "rocketmq.namesrv.domain.subgroup";
    public static final String DEFAULT_NAMESRV_DOMAIN = "jmenv.tbsite.net";
    public static final String DEFAULT_NAMESRV_DOMAIN_SUBGROUP = "nsaddr";
    public static final long DEFAULT_POLL_NAME_SERVER_INTERVAL = 30_000;
    public static final long DEFAULT_HEARTBEAT_BROKER_INTERVAL = 30_000;
    public static final long DEFAULT_PERSIST_CONSUMER_OFFSET_INTERVAL = 5_000;
    /** How often a name-server address that came from the address server is fetched again. */
    public static final long DEFAULT_FETCH_NAMESRV_ADDR_INTERVAL = 120_000;
    /** How often consumer thread pools are resized to their backlog. */
    public static final long DEFAULT_ADJUST_THREAD_POOL_INTERVAL = 60_000;
    public static final long DEFAULT_MQ_CLIENT_API_TIMEOUT = 3_000;

    private String namesrvAddr = defaultNamesrvAddr();
    private String clientIP = localAddress();
    private String instanceName = System.getProperty("rocketmq.client.name", DEFAULT_INSTANCE_NAME);
    private String unitName;
    private String namesrvDomain = System.getProperty(NAMESRV_DOMAIN_PROPERTY, DEFAULT_NAMESRV_DOMAIN);
    private String namesrvDomainSubgroup = System.getProperty(NAMESRV_DOMAIN_SUBGROUP_PROPERTY,
            DEFAULT_NAMESRV_DOMAIN_SUBGROUP);
    private long pollNameServerInterval = DEFAULT_POLL_NAME_SERVER_INTERVAL;
    private long heartbeatBrokerInterval = DEFAULT_HEARTBEAT_BROKER_INTERVAL;
    private long persistConsumerOffsetInterval = DEFAULT_PERSIST_CONSUMER_OFFSET_INTERVAL;
    private long fetchNamesrvAddrInterval = DEFAULT_FETCH_NAMESRV_ADDR_INTERVAL;
    private long adjustThreadPoolInterval = DEFAULT_ADJUST_THREAD_POOL_INTERVAL;
    private long mqClientApiTimeout = DEFAULT_MQ_CLIENT_API_TIMEOUT;
    /**
     * Connect over TLS, with the trust and certificate settings of the {@code tls.client.*} system properties;
     * default {@code -Dtls.enable}, as the official client's.
     */
    private boolean useTLS = Boolean.parseBoolean(System.getProperty("tls.enable", "false"));
    /**
     * Sees every request the client sends, as the official client's {@code RPCHook}: e.g. a signer for brokers
     * with authentication on ({@code io.apogee.security.RequestSigner}); null for none.
     */
    private RpcHook rpcHook;

    /** {@code clientIP@instanceName}, plus {@code @unitName} when a unit is set. */
    public String buildClientId() {
        StringBuilder id = new StringBuilder(clientIP).append('@').append(instanceName);
        if (unitName != null && !unitName.isBlank()) {
            id.append('@').append(unitName);
        }
        return id.toString();
    }

    /**
     * Replaces the default instance name with the process id and a nanosecond stamp, as RocketMQ 5
     * does, so that two clients of one process get separate instances unless they name one.
     */
    public void changeInstanceNameToPID() {
        if (DEFAULT_INSTANCE_NAME.equals(instanceName)) {
            instanceName = ProcessHandle.current().pid() + "#" + System.nanoTime();
        }
    }

    /** The URL the address server is asked for name-server addresses. */
    public String namesrvAddressUrl() {
        String host = namesrvDomain.indexOf(':') >= 0 ? namesrvDomain : namesrvDomain + ":8080";
        return "http://" + host + "/rocketmq/" + namesrvDomainSubgroup;
    }

    /** Copies every option of {@code other} into this one. */
    public void copyOptionsFrom(ClientOptions other) {
        namesrvAddr = other.namesrvAddr;
        clientIP = other.clientIP;
        instanceName = other.instanceName;
        unitName = other.unitName;
        namesrvDomain = other.namesrvDomain;
        namesrvDomainSubgroup = other.namesrvDomainSubgroup;
        pollNameServerInterval = other.pollNameServerInterval;
        heartbeatBrokerInterval = other.heartbeatBrokerInterval;
        persistConsumerOffsetInterval = other.persistConsumerOffsetInterval;
        fetchNamesrvAddrInterval = other.fetchNamesrvAddrInterval;
        adjustThreadPoolInterval = other.adjustThreadPoolInterval;
        mqClientApiTimeout = other.mqClientApiTimeout;
        useTLS = other.useTLS;
        rpcHook = other.rpcHook;
    }

    /** A detached copy of the shared options. */
    public ClientOptions cloneOptions() {
        ClientOptions copy = new ClientOptions();
        copy.copyOptionsFrom(this);
        return copy;
    }

    /** Checks the shared options; the message names the key. */
    protected void checkOptions() {
        positive("pollNameServerInterval", pollNameServerInterval);
        positive("heartbeatBrokerInterval", heartbeatBrokerInterval);
        positive("persistConsumerOffsetInterval", persistConsumerOffsetInterval);
        positive("fetchNamesrvAddrInterval", fetchNamesrvAddrInterval);
        positive("adjustThreadPoolInterval", adjustThreadPoolInterval);
        positive("mqClientApiTimeout", mqClientApiTimeout);
        if (instanceName == null || instanceName.isBlank()) {
            throw new ClientException("instanceName must not be blank");
        }
    }

    protected static void positive(String key, long value) {
        if (value <= 0) {
            throw new ClientException(key + " must be positive, was " + value);
        }
    }

    private static String defaultNamesrvAddr() {
        String fromProperty = System.getProperty(NAMESRV_ADDR_PROPERTY);
        return fromProperty != null ? fromProperty : System.getenv(NAMESRV_ADDR_ENV);
    }

    /** A site-local or public IPv4 address of this host, else loopback. */
    private static String localAddress() {
        String siteLocal = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        if (!address.isSiteLocalAddress()) {
                            return address.getHostAddress();
                        }
                        siteLocal = siteLocal == null ? address.getHostAddress() : siteLocal;
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        return siteLocal != null ? siteLocal : "127.0.0.1";
    }

    public String getNamesrvAddr() { return namesrvAddr; }
    public void setNamesrvAddr(String namesrvAddr) { this.namesrvAddr = namesrvAddr; }
    public String getClientIP() { return clientIP; }
    public void setClientIP(String clientIP) { this.clientIP = clientIP; }
    public String getInstanceName() { return instanceName; }
    public void setInstanceName(String instanceName) { this.instanceName = instanceName; }
    public String getUnitName() { return unitName; }
    public void setUnitName(String unitName) { this.unitName = unitName; }
    public String getNamesrvDomain() { return namesrvDomain; }
    public void setNamesrvDomain(String namesrvDomain) { this.namesrvDomain = namesrvDomain; }
    public String getNamesrvDomainSubgroup() { return namesrvDomainSubgroup; }
    public void setNamesrvDomainSubgroup(String subgroup) { this.namesrvDomainSubgroup = subgroup; }
    public long getPollNameServerInterval() { return pollNameServerInterval; }
    public void setPollNameServerInterval(long millis) { this.pollNameServerInterval = millis; }
    public long getHeartbeatBrokerInterval() { return heartbeatBrokerInterval; }
    public void setHeartbeatBrokerInterval(long millis) { this.heartbeatBrokerInterval = millis; }
    public long getPersistConsumerOffsetInterval() { return persistConsumerOffsetInterval; }
    public void setPersistConsumerOffsetInterval(long millis) { this.persistConsumerOffsetInterval = millis; }
    public long getFetchNamesrvAddrInterval() { return fetchNamesrvAddrInterval; }
    public void setFetchNamesrvAddrInterval(long millis) { this.fetchNamesrvAddrInterval = millis; }
    public long getAdjustThreadPoolInterval() { return adjustThreadPoolInterval; }
    public void setAdjustThreadPoolInterval(long millis) { this.adjustThreadPoolInterval = millis; }
    public long getMqClientApiTimeout() { return mqClientApiTimeout; }
    public void setMqClientApiTimeout(long millis) { this.mqClientApiTimeout = millis; }
    public boolean isUseTLS() { return useTLS; }
    public void setUseTLS(boolean useTLS) { this.useTLS = useTLS; }
    public RpcHook getRpcHook() { return rpcHook; }
    public void setRpcHook(RpcHook rpcHook) { this.rpcHook = rpcHook; }
}
