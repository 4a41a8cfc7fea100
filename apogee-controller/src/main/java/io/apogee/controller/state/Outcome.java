package io.apogee.controller.state;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;

import java.nio.charset.StandardCharsets;

/**
 * What applying one {@link Command} did: a RocketMQ response code (SUCCESS or a CONTROLLER_* refusal), the
 * reason when refused, and the group as it stands after the command.
 *
 * <p>Immutable; travels from the state machine back to the controller that submitted the command as JSON.
 *
 * @param group the group after the command, or null when there is no such group
 */
public record Outcome(int code, String remark, BrokerGroup group) {

    /** RocketMQ's SUCCESS. */
    public static final int SUCCESS = 0;

    public boolean ok() {
        return code == SUCCESS;
    }

    static Outcome success(BrokerGroup group) {
        return new Outcome(SUCCESS, null, group);
    }

    static Outcome refused(int code, String remark, BrokerGroup group) {
        return new Outcome(code, remark, group);
    }

    public byte[] encode() {
        return JSON.toJSONString(this, JSONWriter.Feature.WriteNonStringKeyAsString)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static Outcome decode(byte[] bytes) {
        return JSON.parseObject(bytes, Outcome.class);
    }
}
