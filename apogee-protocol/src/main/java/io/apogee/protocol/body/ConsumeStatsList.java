package io.apogee.protocol.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GET_BROKER_CONSUME_STATS answer: for every subscription group of a broker (one single-entry map per
 * group, as RocketMQ shapes it), the consume stats of each topic it has offsets in, and the totals of
 * messages not yet consumed ({@code totalDiff}) and pulled but not yet committed ({@code totalInflightDiff}).
 */
public record ConsumeStatsList(List<Map<String, List<ConsumeStats>>> consumeStatsList, String brokerAddr,
                               long totalDiff, long totalInflightDiff) {

    public ConsumeStatsList {
        consumeStatsList = consumeStatsList == null ? new ArrayList<>() : consumeStatsList;
    }
}
