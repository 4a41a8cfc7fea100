package io.apogee.broker.offset;

import io.apogee.broker.subscription.ConfigFile;
import io.apogee.protocol.body.ConsumerOffsetSerializeWrapper;
import io.apogee.protocol.body.DataVersion;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.QueryCorrectionOffsetBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.QueryCorrectionOffsetHeader;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Offsets as a whole, for admin tools and slaves: every group's committed offsets (GET_ALL_CONSUMER_OFFSET),
 * each delay level's delivery progress (GET_ALL_DELAY_OFFSET) and, per queue of a topic, the lowest offset
 * its groups still need (QUERY_CORRECTION_OFFSET).
 *
 * <p>Thread safety: reads the thread-safe table and store; on the admin thread.
 */
public final class OffsetAdminProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.GET_ALL_CONSUMER_OFFSET, RequestCode.GET_ALL_DELAY_OFFSET, RequestCode.QUERY_CORRECTION_OFFSET,
    };

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final Path delayProgressFile;
    private final LongSupplier clock;

    /** @param delayProgressFile where delayed delivery keeps each level's progress ({@code delayOffset.json}) */
    public OffsetAdminProcessor(ConsumerOffsetTable offsets, MessageStore store, Path delayProgressFile,
                                LongSupplier clock) {
        this.offsets = offsets;
        this.store = store;
        this.delayProgressFile = delayProgressFile;
        this.clock = clock;
    }

    /** The request codes this processor answers. */
    public static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ALL_CONSUMER_OFFSET -> success(request, JsonBody.encode(new ConsumerOffsetSerializeWrapper(
                    offsets.snapshot(), new DataVersion(0, clock.getAsLong(), 0))));
            case RequestCode.GET_ALL_DELAY_OFFSET -> delayProgress(request);
            case RequestCode.QUERY_CORRECTION_OFFSET -> success(request, JsonBody.encode(
                    new QueryCorrectionOffsetBody(correction(QueryCorrectionOffsetHeader.decode(request)))));
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not an offset request");
        };
    }

    /**
     * Each delay level's delivery progress as last written (at most 200 ms old while deliveries run): the
     * delivery thread owns the live table, and the file is replaced whole, so reading it needs no lock.
     */
    private RemotingCommand delayProgress(RemotingCommand request) {
        byte[] progress = ConfigFile.readIfExists(delayProgressFile);
        if (progress == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "No delay offset in this broker");
        }
        return success(request, progress);
    }

    /**
     * Per queue, the lowest offset still in the store that a group of the topic has committed, leaving out
     * {@code filterGroups}; {@code Long.MAX_VALUE} where the compare group has committed less than that (or
     * no other group holds the queue): nothing ahead of the compare group needs correcting there.
     * RocketMQ 5.3.3 also deletes the filtered groups' offsets while answering; Apogee only leaves them out.
     */
    Map<Integer, Long> correction(QueryCorrectionOffsetHeader h) {
        Set<String> filtered = h.filterGroups() == null || h.filterGroups().isBlank() ? Set.of()
                : new HashSet<>(Arrays.asList(h.filterGroups().split(",")));
        Map<Integer, Long> lowest = new HashMap<>();
        for (String group : offsets.groupsOf(h.topic())) {
            if (filtered.contains(group)) {
                continue;
            }
            offsets.offsetsOf(group, h.topic()).forEach((queueId, offset) -> {
                if (offset >= store.minOffsetInQueue(h.topic(), queueId)) {
                    lowest.merge(queueId, offset, Math::min);
                }
            });
        }
        offsets.offsetsOf(h.compareGroup(), h.topic()).forEach((queueId, compared) -> {
            Long low = lowest.get(queueId);
            lowest.put(queueId, low == null || low > compared ? Long.MAX_VALUE : low);
        });
        return lowest;
    }

    private static RemotingCommand success(RemotingCommand request, byte[] body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }
}
