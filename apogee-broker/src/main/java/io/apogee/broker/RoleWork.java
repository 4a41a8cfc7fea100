package io.apogee.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The work a broker does in one role only: as master it delivers delayed and timed messages; as slave it copies
 * topics, groups, offsets and delay progress from its master. With static roles one of them starts once; in
 * controller mode they are swapped each time the role changes.
 *
 * <p>Thread safety: switches are serialised on this object; the broker's start thread and the controller-mode
 * thread call them.
 */
final class RoleWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleWork.class);

    private final Supplier<AutoCloseable> masterWork;
    private final Supplier<AutoCloseable> slaveWork;
    private AutoCloseable running;
    private Boolean master;

    /** Each supplier starts its work and answers what stops it. */
    RoleWork(Supplier<AutoCloseable> masterWork, Supplier<AutoCloseable> slaveWork) {
        this.masterWork = masterWork;
        this.slaveWork = slaveWork;
    }

    /** Runs the master's work (stopping the slave's); nothing if it runs already. */
    synchronized void master() {
        switchTo(true);
    }

    /** Runs the slave's work (stopping the master's); nothing if it runs already. */
    synchronized void slave() {
        switchTo(false);
    }

    private void switchTo(boolean asMaster) {
        if (master != null && master == asMaster) {
            return;
        }
        stop();
        running = (asMaster ? masterWork : slaveWork).get();
        master = asMaster;
    }

    private void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("stopping the {} work: {}", master ? "master's" : "slave's", e.toString());
            }
            running = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        master = null;
    }
}
