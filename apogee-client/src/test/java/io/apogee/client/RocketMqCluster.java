package io.apogee.client;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.store.config.FlushDiskType;
import org.apache.rocketmq.store.config.MessageStoreConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An Apache RocketMQ 5.3.3 name server and broker (the official Maven Central jars) in this JVM, on
 * 127.0.0.1, with a small store under one directory: the second peer of the scenario suite. The
 * broker needs its port, the port two below (its "fast" server) and the one above (HA) free, so
 * the fixture looks for such a triple. Transaction checks run every second.
 */
public final class RocketMqCluster implements AutoCloseable {

    private final NamesrvController namesrv;
    private final BrokerController broker;
    private final String namesrvAddr;

    public RocketMqCluster(Path dir) throws Exception {
        // The official start-up classes announce the protocol version this way; without it the
        // broker's registrations carry version 0 and the name server reads them as pre-3.0.11 bodies.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        NamesrvConfig namesrvConfig = new NamesrvConfig();
        namesrvConfig.setRocketmqHome(dir.toString());
        namesrvConfig.setKvConfigPath(dir.resolve("namesrv/kvConfig.json").toString());
        namesrvConfig.setConfigStorePath(dir.resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig namesrvNetty = new NettyServerConfig();
        namesrvNetty.setBindAddress("127.0.0.1");
        namesrvNetty.setListenPort(freePort());
        namesrv = new NamesrvController(namesrvConfig, namesrvNetty);
        if (!namesrv.initialize()) {
            throw new IllegalStateException("the RocketMQ name server did not initialize");
        }
        namesrv.start();
        namesrvAddr = "127.0.0.1:" + namesrvNetty.getListenPort();

        BrokerConfig brokerConfig = new BrokerConfig();
        brokerConfig.setBrokerClusterName("DefaultCluster");
        brokerConfig.setBrokerName("rmq-broker-a");
        brokerConfig.setBrokerId(0);
        brokerConfig.setBrokerIP1("127.0.0.1");
        brokerConfig.setBrokerIP2("127.0.0.1");
        brokerConfig.setNamesrvAddr(namesrvAddr);
        brokerConfig.setRocketmqHome(dir.toString());
        brokerConfig.setAutoCreateTopicEnable(true);
        brokerConfig.setAutoCreateSubscriptionGroup(true);
        brokerConfig.setTransactionCheckInterval(1_000);
        brokerConfig.setTransactionTimeOut(1_000);
        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(dir.resolve("store").toString());
        store.setStorePathCommitLog(dir.resolve("store/commitlog").toString());
        store.setMappedFileSizeCommitLog(32 * 1024 * 1024);
        store.setMappedFileSizeConsumeQueue(30_000 * 20);
        store.setMaxIndexNum(10_000);
        store.setMaxHashSlotNum(40_000);
        store.setFlushDiskType(FlushDiskType.ASYNC_FLUSH);
        NettyServerConfig brokerNetty = new NettyServerConfig();
        brokerNetty.setBindAddress("127.0.0.1");
        int port = freeBrokerPort();
        brokerNetty.setListenPort(port);
        store.setHaListenPort(port + 1);
        broker = new BrokerController(brokerConfig, brokerNetty, new NettyClientConfig(), store);
        if (!broker.initialize()) {
            namesrv.shutdown();
            throw new IllegalStateException("the RocketMQ broker did not initialize");
        }
        broker.start();
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    public String brokerAddr() {
        return broker.getBrokerAddr();
    }

    @Override
    public void close() {
        broker.shutdown();
        namesrv.shutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port p with p - 2, p and p + 1 all free, as the broker binds all three. */
    private static int freeBrokerPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (isFree(p - 2) && isFree(p) && isFree(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port triple for the RocketMQ broker");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
