package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every strategy but by-config splits a topic's queues into a partition of its members. */
class AllocationStrategyTest {

    private static List<MessageQueue> queues(int count) {
        List<MessageQueue> queues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queues.add(new MessageQueue("T", "broker-" + (i % 3), i / 3));
        }
        queues.sort(null);
        return queues;
    }

    private static List<String> members(int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add("10.0.0." + i + "@" + i);
        }
        members.sort(null);
        return members;
    }

    /** Each queue to exactly one member. */
    private static Map<MessageQueue, Integer> owners(AllocateMessageQueueStrategy strategy, List<MessageQueue> mqAll,
                                                     List<String> cidAll) {
        Map<MessageQueue, Integer> count = new HashMap<>();
        for (String cid : cidAll) {
            strategy.allocate("g", cid, mqAll, cidAll).forEach(q -> count.merge(q, 1, Integer::sum));
        }
        return count;
    }

    @Property
    void averagelyPartitionsAndBalances(@ForAll @IntRange(min = 0, max = 40) int queueCount,
                                        @ForAll @IntRange(min = 1, max = 12) int memberCount) {
        List<MessageQueue> mqAll = queues(queueCount);
        List<String> cidAll = members(memberCount);
        AllocateMessageQueueAveragely strategy = new AllocateMessageQueueAveragely();
        Map<MessageQueue, Integer> owners = owners(strategy, mqAll, cidAll);
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(mqAll);
        assertThat(owners.values()).allMatch(n -> n == 1);
        List<Integer> sizes = cidAll.stream().map(c -> strategy.allocate("g", c, mqAll, cidAll).size()).toList();
        assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0)
                - sizes.stream().mapToInt(Integer::intValue).min().orElse(0)).isLessThanOrEqualTo(1);
    }

    @Property
    void byCirclePartitionsAndBalances(@ForAll @IntRange(min = 0, max = 40) int queueCount,
                                       @ForAll @IntRange(min = 1, max = 12) int memberCount) {
        List<MessageQueue> mqAll = queues(queueCount);
        List<String> cidAll = members(memberCount);
        Map<MessageQueue, Integer> owners = owners(new AllocateMessageQueueAveragelyByCircle(), mqAll, cidAll);
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(mqAll);
        assertThat(owners.values()).allMatch(n -> n == 1);
    }

    @Property
    void consistentHashPartitionsAndMovesFewQueuesWhenAMemberJoins(
            @ForAll @IntRange(min = 1, max = 40) int queueCount, @ForAll @IntRange(min = 1, max = 8) int memberCount) {
        List<MessageQueue> mqAll = queues(queueCount);
        List<String> before = members(memberCount);
        AllocateMessageQueueConsistentHash strategy = new AllocateMessageQueueConsistentHash();
        Map<MessageQueue, Integer> owners = owners(strategy, mqAll, before);
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(mqAll);
        assertThat(owners.values()).allMatch(n -> n == 1);
        List<String> after = new ArrayList<>(before);
        after.add("10.9.9.9@new");
        after.sort(null);
        Map<MessageQueue, String> old = strategy.owners(mqAll, before);
        Map<MessageQueue, String> now = strategy.owners(mqAll, after);
        old.forEach((queue, owner) -> assertThat(now.get(queue)).isIn(owner, "10.9.9.9@new"));
    }

    @Test
    void averagelyGivesTheFirstMembersTheRemainder() {
        List<MessageQueue> mqAll = queues(8);
        List<String> cidAll = members(3);
        AllocateMessageQueueAveragely strategy = new AllocateMessageQueueAveragely();
        assertThat(strategy.allocate("g", cidAll.get(0), mqAll, cidAll)).containsExactlyElementsOf(mqAll.subList(0, 3));
        assertThat(strategy.allocate("g", cidAll.get(1), mqAll, cidAll)).containsExactlyElementsOf(mqAll.subList(3, 6));
        assertThat(strategy.allocate("g", cidAll.get(2), mqAll, cidAll)).containsExactlyElementsOf(mqAll.subList(6, 8));
        assertThat(strategy.allocate("g", "stranger", mqAll, cidAll)).isEmpty();
    }

    @Test
    void byConfigTakesOnlyItsQueuesThatExist() {
        List<MessageQueue> mqAll = queues(6);
        MessageQueue missing = new MessageQueue("T", "gone", 9);
        AllocateMessageQueueByConfig strategy = new AllocateMessageQueueByConfig(List.of(mqAll.get(1), missing));
        assertThat(strategy.allocate("g", "any", mqAll, members(2))).containsExactly(mqAll.get(1));
    }
}
