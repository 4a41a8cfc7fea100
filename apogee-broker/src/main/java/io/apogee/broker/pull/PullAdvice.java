package io.apogee.broker.pull;

/**
 * Where a consumer should pull from next, as a broker group member sees it: the pull answer's
 * {@code suggestWhichBrokerId}, and whether this broker serves pulls at all (a slave without
 * {@code slaveReadEnable} does not, as in RocketMQ 5).
 *
 * <p>Thread safety: called by pull threads concurrently; implementations keep no per-pull state.
 */
public interface PullAdvice {

    /** A broker alone, or a master that keeps its consumers: serve every pull, suggest the master. */
    PullAdvice MASTER_ONLY = new PullAdvice() {
        @Override
        public boolean refusesPulls() {
            return false;
        }

        @Override
        public long suggestBrokerId(String group, long lastPhysicalOffset) {
            return 0;
        }
    };

    /** True when this broker answers every pull SYSTEM_BUSY. */
    boolean refusesPulls();

    /**
     * The brokerId the consumer of {@code group} should pull from next, given the commit-log offset of the last
     * record it pulled now (-1 when it got none).
     */
    long suggestBrokerId(String group, long lastPhysicalOffset);

    /**
     * Whether a pull that found nothing here is answered PULL_RETRY_IMMEDIATELY instead of waiting: a slave
     * that sends its consumer back to a live master ({@code suggested} 0) does not hold the pull, so the
     * consumer asks the master at once, as RocketMQ 5's slaves do.
     */
    default boolean sendsMissesToMaster(long suggested) {
        return false;
    }
}
