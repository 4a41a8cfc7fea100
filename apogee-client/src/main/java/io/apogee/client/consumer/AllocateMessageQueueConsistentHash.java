package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Places members on a hash ring ({@code virtualNodes} points each, MD5 of the client id) and gives
 * each queue to the first member clockwise of the queue's hash, so a member joining or leaving
 * moves only the queues next to it.
 *
 * <p>Thread safety: stateless apart from its configuration; safe from any thread.
 */
public final class AllocateMessageQueueConsistentHash implements AllocateMessageQueueStrategy {

    private final int virtualNodes;

    public AllocateMessageQueueConsistentHash() {
        this(10);
    }

    public AllocateMessageQueueConsistentHash(int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be positive, was " + virtualNodes);
        }
        this.virtualNodes = virtualNodes;
    }

    @Override
    public List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll,
                                       List<String> cidAll) {
        List<MessageQueue> mine = new ArrayList<>();
        if (!cidAll.contains(currentCID)) {
            return mine;
        }
        TreeMap<Long, String> ring = new TreeMap<>();
        for (String cid : cidAll) {
            for (int i = 0; i < virtualNodes; i++) {
                ring.put(hash(cid + "-" + i), cid);
            }
        }
        for (MessageQueue queue : mqAll) {
            long h = hash(queue.topic() + "@" + queue.brokerName() + "@" + queue.queueId());
            SortedMap<Long, String> tail = ring.tailMap(h);
            String owner = tail.isEmpty() ? ring.firstEntry().getValue() : tail.get(tail.firstKey());
            if (owner.equals(currentCID)) {
                mine.add(queue);
            }
        }
        return mine;
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xFF);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    @Override
    public String getName() {
        return "CONSISTENT_HASH";
    }

    /** For tests: which member owns each queue. */
    Map<MessageQueue, String> owners(List<MessageQueue> mqAll, List<String> cidAll) {
        Map<MessageQueue, String> owners = new TreeMap<>();
        for (String cid : cidAll) {
            allocate("", cid, mqAll, cidAll).forEach(q -> owners.put(q, cid));
        }
        return owners;
    }
}
