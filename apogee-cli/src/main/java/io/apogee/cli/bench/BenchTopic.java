package io.apogee.cli.bench;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.admin.Admin;
import io.apogee.protocol.body.ClusterInfo;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.code.ResponseCode;

import java.util.concurrent.TimeUnit;

/**
 * The topic a bench run uses: taken as it is when the name servers route it, else created on every master
 * of a cluster, through the admin client, so that a run never depends on a broker's auto-creation.
 *
 * <p>Thread safety: called once, by the command's thread, before any load starts.
 */
final class BenchTopic {

    private static final long ROUTE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private BenchTopic() {
    }

    /**
     * The number of readable queues of {@code topic}, after creating it with {@code attributes} ({@code +key=value,...}
     * or null) if the name servers do not know it.
     */
    static int ensure(ClientOptions server, String topic, int queues, String attributes, String cluster) {
        try (Admin admin = new Admin(server)) {
            TopicRouteData route = routeOrNull(admin, topic);
            if (route == null) {
                admin.createTopic(cluster != null ? cluster : onlyCluster(admin), topic, queues, queues,
                        QueueData.PERM_READ | QueueData.PERM_WRITE, false, attributes);
                // A broker reports a new topic to the name servers with its next registration: wait for it.
                long deadline = System.nanoTime() + ROUTE_WAIT_NANOS;
                while ((route = routeOrNull(admin, topic)) == null) {
                    if (System.nanoTime() > deadline) {
                        throw new ClientException("topic " + topic + " was created but the name servers do not route it");
                    }
                    sleep(100);
                }
            }
            return route.queueDatas().stream().mapToInt(QueueData::readQueueNums).sum();
        }
    }

    private static TopicRouteData routeOrNull(Admin admin, String topic) {
        try {
            return admin.examineTopicRouteInfo(topic);
        } catch (ClientException e) {
            if (e.responseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The one cluster the name servers know. A broker that has just said it started may not have registered
     * yet (Apache RocketMQ registers after its boot line): none known is waited for, as long as a route.
     */
    private static String onlyCluster(Admin admin) {
        ClusterInfo info = admin.examineBrokerClusterInfo();
        long deadline = System.nanoTime() + ROUTE_WAIT_NANOS;
        while (info.clusterAddrTable().isEmpty() && System.nanoTime() < deadline) {
            sleep(200);
            info = admin.examineBrokerClusterInfo();
        }
        if (info.clusterAddrTable().size() != 1) {
            throw new ClientException("cannot create the topic: the name servers know " + info.clusterAddrTable().size()
                    + " clusters " + info.clusterAddrTable().keySet() + "; name one with --cluster");
        }
        return info.clusterAddrTable().keySet().iterator().next();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for a route", e);
        }
    }
}
