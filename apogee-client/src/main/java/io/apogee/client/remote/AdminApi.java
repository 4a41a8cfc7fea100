package io.apogee.client.remote;

import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.CreateTopicRequestHeader;
import io.apogee.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.apogee.protocol.header.DeleteTopicRequestHeader;
import io.apogee.protocol.header.GetConsumeStatsRequestHeader;
import io.apogee.remoting.client.RemotingClient;

/**
 * The administrative calls to brokers and name servers: create and delete topics, read a group's
 * consume statistics.
 *
 * <p>Thread safety: stateless apart from the shared transport; any thread.
 */
public final class AdminApi {

    private final RemotingClient transport;

    public AdminApi(RemotingClient transport) {
        this.transport = transport;
    }

    public void createTopic(String brokerAddr, String topic, int queueNums, boolean order, long timeoutMillis) {
        RemotingCommand request = new CreateTopicRequestHeader(topic, "TBW102", queueNums, queueNums,
                QueueData.PERM_READ | QueueData.PERM_WRITE, "SINGLE_TAG", 0, order, null, null, null)
                .applyTo(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "creating topic " + topic + " on " + brokerAddr);
    }

    public void deleteTopicInBroker(String brokerAddr, String topic, long timeoutMillis) {
        RemotingCommand request = new DeleteTopicRequestHeader(topic)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "deleting topic " + topic + " on " + brokerAddr);
    }

    public void deleteTopicInNameServer(String namesrvAddr, String topic, String cluster, long timeoutMillis) {
        RemotingCommand request = new DeleteTopicFromNamesrvRequestHeader(topic, cluster)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis),
                "deleting topic " + topic + " on name server " + namesrvAddr);
    }

    public ConsumeStats consumeStats(String brokerAddr, String group, String topic, long timeoutMillis) {
        RemotingCommand request = new GetConsumeStatsRequestHeader(group, topic, null, null)
                .applyTo(RemotingCommand.request(RequestCode.GET_CONSUME_STATS));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "consume stats of " + group + " on " + brokerAddr);
        return JsonBody.decode(response.body(), ConsumeStats.class);
    }
}
