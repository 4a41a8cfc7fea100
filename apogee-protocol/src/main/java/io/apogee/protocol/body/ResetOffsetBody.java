package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * The body of a reset-offset answer (INVOKE_BROKER_TO_RESET_OFFSET) and of the broker's
 * RESET_CONSUMER_CLIENT_OFFSET request: the new offset of each queue.
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = offsetTable == null ? new HashMap<>() : offsetTable;
    }
}
