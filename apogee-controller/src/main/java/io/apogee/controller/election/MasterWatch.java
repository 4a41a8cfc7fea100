package io.apogee.controller.election;

import io.apogee.controller.raft.RaftNode;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.ReplicaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The leader's periodic look at every broker group: a group whose master stopped sending heartbeats (or that
 * has no master while a replica could lead) gets an election. Followers skip the scan; the leader's decisions
 * go through the log like any other change.
 *
 * <p>Thread safety: {@link #scan()} runs on the controller's one scheduler thread.
 */
public final class MasterWatch {

    private static final Logger LOG = LoggerFactory.getLogger(MasterWatch.class);

    private final RaftNode node;
    private final ReplicaState state;
    private final Elector elector;
    private final Consumer<BrokerGroup> elected;

    /** @param elected told each group that got a new master, as applied */
    public MasterWatch(RaftNode node, ReplicaState state, Elector elector, Consumer<BrokerGroup> elected) {
        this.node = node;
        this.state = state;
        this.elector = elector;
        this.elected = elected;
    }

    /** Elects a master for each group whose master is lost; waits for each election to be applied. */
    public void scan() {
        if (!node.isLeaderReady()) {
            return;
        }
        for (BrokerGroup group : state.groups()) {
            if (elector.masterAlive(group)) {
                continue;
            }
            Command election = elector.decide(group, null);
            if (election.brokerId() == null && group.masterBrokerId() == null) {
                continue;
            }
            try {
                var outcome = node.submit(election).join();
                LOG.warn("master {} of {} lost (epoch {}): {}", group.masterBrokerId(), group.brokerName(),
                        group.masterEpoch(), outcome.ok() ? "elected " + election.brokerId() + " at epoch "
                                + outcome.group().masterEpoch() : outcome.remark());
                if (outcome.ok()) {
                    elected.accept(outcome.group());
                }
            } catch (RuntimeException e) {
                LOG.warn("election for {} not applied: {}", group.brokerName(), e.toString());
            }
        }
    }
}
