package io.apogee.controller.election;

import io.apogee.controller.state.BrokerGroup;
import io.apogee.controller.state.Command;

import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Picks the replica that should lead a broker group, from what the leader knows now. Only a live member of the
 * in-sync set may be picked, since only it is known to hold every acknowledged message; a member outside it
 * only when unclean election is enabled and no in-sync one is alive. Before a group's first election any live
 * member may be picked. Among candidates, the one asked for wins, then the lowest election priority, then the
 * highest log offset, then the lowest brokerId.
 *
 * <p>Thread safety: stateless apart from its collaborators; any thread.
 */
public final class Elector {

    private final BrokerLiveness liveness;
    private final LongSupplier leaderSince;
    private final boolean unclean;

    /**
     * @param leaderSince when this controller became leader, for {@link BrokerLiveness#alive}
     */
    public Elector(BrokerLiveness liveness, LongSupplier leaderSince, boolean unclean) {
        this.liveness = liveness;
        this.leaderSince = leaderSince;
        this.unclean = unclean;
    }

    /** Whether the group's master is alive. */
    public boolean masterAlive(BrokerGroup group) {
        return group.masterBrokerId() != null && alive(group, group.masterBrokerId());
    }

    public boolean alive(BrokerGroup group, long brokerId) {
        return liveness.alive(group.brokerName(), brokerId, leaderSince.getAsLong());
    }

    /**
     * The election to write: the best candidate, or a command recording that none can lead; its expected epoch is
     * the group's current one, so it is refused if another election got there first.
     *
     * @param preferred the broker asked for (it still must qualify), or null
     */
    public Command decide(BrokerGroup group, Long preferred) {
        Long chosen = choose(group, preferred, false);
        boolean outsideSet = false;
        if (chosen == null && unclean) {
            chosen = choose(group, preferred, true);
            outsideSet = chosen != null;
        }
        return Command.elect(group.brokerName(), chosen, group.masterEpoch(), outsideSet);
    }

    /** Whether {@code brokerId} may be designated master by an admin. */
    public boolean eligible(BrokerGroup group, long brokerId) {
        return group.members().containsKey(brokerId) && alive(group, brokerId)
                && (unclean || group.syncStateSet().contains(brokerId) || neverElected(group));
    }

    private Long choose(BrokerGroup group, Long preferred, boolean anyMember) {
        boolean first = neverElected(group);
        List<Long> candidates = group.members().keySet().stream()
                .filter(id -> anyMember || first || group.syncStateSet().contains(id))
                .filter(id -> alive(group, id))
                .sorted(rank(group, preferred))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private static boolean neverElected(BrokerGroup group) {
        return group.masterEpoch() == 0 && group.masterBrokerId() == null;
    }

    private Comparator<Long> rank(BrokerGroup group, Long preferred) {
        Comparator<Long> asked = Comparator.comparing(id -> !id.equals(preferred));
        return asked
                .thenComparingInt(id -> beatOf(group, id) == null ? Integer.MAX_VALUE
                        : beatOf(group, id).electionPriority())
                .thenComparing(id -> beatOf(group, id) == null ? 0L : -beatOf(group, id).maxOffset())
                .thenComparing(Comparator.naturalOrder());
    }

    private BrokerLiveness.Beat beatOf(BrokerGroup group, long id) {
        return liveness.beat(group.brokerName(), id);
    }
}
