package io.apogee.protocol.body;

import com.alibaba.fastjson2.annotation.JSONField;

/**
 * The queues one broker name hosts for a topic, in a route. {@code perm} holds the {@code PERM_*}
 * bits. Immutable.
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    public static final int PERM_PRIORITY = 0x8;
    public static final int PERM_READ = 0x4;
    public static final int PERM_WRITE = 0x2;
    public static final int PERM_INHERIT = 0x1;

    /** Not a wire field: fastjson would otherwise write it as {@code isReadable}. */
    @JSONField(serialize = false)
    public boolean isReadable() {
        return (perm & PERM_READ) != 0;
    }

    @JSONField(serialize = false)
    public boolean isWritable() {
        return (perm & PERM_WRITE) != 0;
    }
}
