package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * The QUERY_CORRECTION_OFFSET answer: per queue id, the lowest offset the topic's groups have committed
 * ({@code Long.MAX_VALUE} where the compared group is already behind it).
 */
public record QueryCorrectionOffsetBody(Map<Integer, Long> correctionOffsets) {

    public QueryCorrectionOffsetBody {
        correctionOffsets = correctionOffsets == null ? new HashMap<>() : correctionOffsets;
    }
}
