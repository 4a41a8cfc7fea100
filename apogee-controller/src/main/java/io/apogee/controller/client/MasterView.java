package io.apogee.controller.client;

import java.util.Set;

/**
 * A broker group's master as the controller leader answered it: who leads, at which epochs, and (when the answer
 * carried it) the in-sync set.
 *
 * <p>Immutable.
 *
 * @param code          the controller's response code: SUCCESS (0), or the CONTROLLER_* reason it refused
 * @param masterBrokerId null while the group has no master
 * @param syncStateSet  empty when the answer did not carry it
 */
public record MasterView(int code, String remark, Long masterBrokerId, String masterAddress, int masterEpoch,
                         int syncStateSetEpoch, Set<Long> syncStateSet) {

    public boolean ok() {
        return code == 0;
    }

    /** Whether {@code brokerId} is the master in this view. */
    public boolean isMaster(long brokerId) {
        return masterBrokerId != null && masterBrokerId == brokerId;
    }
}
