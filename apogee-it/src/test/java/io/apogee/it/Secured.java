package io.apogee.it;

import io.apogee.security.SecurityConfig;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the tests of a server with authentication on share: the first Super user, the settings that turn
 * authentication and authorization on, and official clients signing with RocketMQ's ACL hook.
 */
final class Secured {

    static final String ROOT = "root";
    static final String ROOT_SECRET = "rootSecret12";

    private Secured() {
    }

    /** Authentication and authorization on, {@link #ROOT} as the first Super user and the inner credentials. */
    static SecurityConfig config() {
        return new SecurityConfig(true, true,
                "{\"username\":\"" + ROOT + "\",\"password\":\"" + ROOT_SECRET + "\"}",
                "{\"accessKey\":\"" + ROOT + "\",\"secretKey\":\"" + ROOT_SECRET + "\"}");
    }

    static RPCHook hook(String user, String secret) {
        return new AclClientRPCHook(new SessionCredentials(user, secret));
    }

    /** A started admin tool signing as {@code user}; the closer shuts it down. */
    static DefaultMQAdminExt admin(Closer closer, String namesrvAddr, String user, String secret)
            throws MQClientException {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook(user, secret));
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName(uniqueInstanceName("secured-admin-" + user));
        admin.start();
        return closer.add(admin, DefaultMQAdminExt::shutdown);
    }

    /** The broker's answer within what a client threw (a producer wraps it in an MQClientException). */
    static MQBrokerException brokerAnswer(Throwable thrown) {
        Throwable t = thrown;
        while (t != null && !(t instanceof MQBrokerException)) {
            t = t.getCause();
        }
        assertThat(t).as("the broker's answer in %s", String.valueOf(thrown)).isInstanceOf(MQBrokerException.class);
        return (MQBrokerException) t;
    }

    /** The remark of the broker's refusal of {@code producer}'s next send to {@code topic}. */
    static String refusal(DefaultMQProducer producer, String topic) {
        MQBrokerException answer = brokerAnswer(catchThrowable(() -> producer.send(message(topic, "refused"))));
        assertThat(answer.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        return answer.getErrorMessage();
    }

    /** The official remoting client, started, signing with {@code hook} (or not at all when null). */
    static NettyRemotingClient remoting(Closer closer, RPCHook hook) {
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        if (hook != null) {
            client.registerRPCHook(hook);
        }
        client.start();
        return closer.add(client, NettyRemotingClient::shutdown);
    }
}
