package io.apogee.client.remote;

import io.apogee.client.ClientException;
import io.apogee.protocol.body.ClusterInfo;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.TopicList;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetRouteInfoRequestHeader;
import io.apogee.remoting.client.RemotingClient;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls a client makes to name servers. Requests go to one name server at a time; when it
 * cannot be reached the next one in the list is tried, and the one that answered is kept.
 *
 * <p>Thread safety: safe from any thread; the address list is replaced atomically.
 */
public final class NameServerApi {

    private final RemotingClient transport;
    private volatile List<String> addresses = List.of();
    private final AtomicInteger current = new AtomicInteger();

    public NameServerApi(RemotingClient transport) {
        this.transport = transport;
    }

    /** Replaces the name servers with a {@code ;}-separated list; true when it changed. */
    public boolean updateAddresses(String addressList) {
        List<String> parsed = Arrays.stream(addressList.split(";")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (parsed.isEmpty() || parsed.equals(addresses)) {
            return false;
        }
        addresses = parsed;
        current.set(0);
        return true;
    }

    public List<String> addresses() {
        return addresses;
    }

    /** The topic's route, or {@code null} when the name servers know no such topic. */
    public TopicRouteData topicRoute(String topic, long timeoutMillis) {
        RemotingCommand request = new GetRouteInfoRequestHeader(topic, true)
                .applyTo(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC));
        RemotingCommand response = invoke(request, timeoutMillis);
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        RemoteCall.expectSuccess(response, "route of topic " + topic);
        return TopicRouteData.decode(response.body());
    }

    public ClusterInfo clusterInfo(long timeoutMillis) {
        RemotingCommand response = invoke(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), timeoutMillis);
        RemoteCall.expectSuccess(response, "cluster info");
        return ClusterInfo.decode(response.body());
    }

    public TopicList allTopics(long timeoutMillis) {
        RemotingCommand response = invoke(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                timeoutMillis);
        RemoteCall.expectSuccess(response, "topic list");
        return JsonBody.decode(response.body(), TopicList.class);
    }

    /** Sends to the current name server, moving on to the next ones when a server cannot be reached. */
    private RemotingCommand invoke(RemotingCommand request, long timeoutMillis) {
        List<String> list = addresses;
        if (list.isEmpty()) {
            throw new ClientException("no name server address is configured (set namesrvAddr)");
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        ClientException last = null;
        int start = current.get();
        for (int i = 0; i < list.size(); i++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            int index = Math.floorMod(start + i, list.size());
            try {
                RemotingCommand response = RemoteCall.sync(transport, list.get(index), request, left);
                current.set(index);
                return response;
            } catch (ClientException e) {
                last = e;
            }
        }
        throw new ClientException("no name server of " + list + " answered request code " + request.code()
                + (last == null ? " in time" : ": " + last.getMessage()), last);
    }
}
