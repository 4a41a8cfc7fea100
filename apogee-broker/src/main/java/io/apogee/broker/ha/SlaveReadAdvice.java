package io.apogee.broker.ha;

import io.apogee.broker.pull.PullAdvice;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.store.TransferLimits;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * RocketMQ 5's rules for reads in a broker group, with {@code slaveReadEnable}:
 * <ul>
 *   <li>off: a slave refuses pulls, every answer suggests the master (brokerId 0);</li>
 *   <li>on: a consumer whose pull reached messages no longer in memory (further behind the log's end than
 *       {@code accessMessageInMemoryMaxRatio} of physical memory) is told to pull from its group's
 *       {@code whichBrokerWhenConsumeSlowly} (1 by default), otherwise from its group's {@code brokerId}; a
 *       slave sends a consumer that caught up back to the master while the name servers still name one, and
 *       answers its pulls that find nothing PULL_RETRY_IMMEDIATELY rather than holding them.</li>
 * </ul>
 *
 * <p>Thread safety: stateless; pull threads call it concurrently.
 */
final class SlaveReadAdvice implements PullAdvice {

    private final Supplier<BrokerRole> role;
    private final LongSupplier brokerId;
    private final boolean slaveReadEnable;
    private final SubscriptionGroups groups;
    private final TransferLimits limits;
    private final LongSupplier logEnd;
    private final BooleanSupplier masterAlive;

    SlaveReadAdvice(Supplier<BrokerRole> role, LongSupplier brokerId, boolean slaveReadEnable, SubscriptionGroups groups,
                    TransferLimits limits, LongSupplier logEnd, BooleanSupplier masterAlive) {
        this.role = role;
        this.brokerId = brokerId;
        this.slaveReadEnable = slaveReadEnable;
        this.groups = groups;
        this.limits = limits;
        this.logEnd = logEnd;
        this.masterAlive = masterAlive;
    }

    @Override
    public boolean refusesPulls() {
        return role.get() == BrokerRole.SLAVE && !slaveReadEnable;
    }

    @Override
    public long suggestBrokerId(String group, long lastPhysicalOffset) {
        if (!slaveReadEnable) {
            return 0;
        }
        boolean slow = lastPhysicalOffset >= 0 && !limits.inMemory(lastPhysicalOffset, logEnd.getAsLong());
        if (brokerId.getAsLong() != 0 && !slow && masterAlive.getAsBoolean()) {
            return 0;
        }
        SubscriptionGroupConfig config = groups.find(group);
        if (config == null) {
            return slow ? 1 : 0;
        }
        return slow ? config.whichBrokerWhenConsumeSlowly() : config.brokerId();
    }

    @Override
    public boolean sendsMissesToMaster(long suggested) {
        return brokerId.getAsLong() != 0 && suggested == 0 && masterAlive.getAsBoolean();
    }
}
