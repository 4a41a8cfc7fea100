package io.apogee.console;

/**
 * The name of the version number a RocketMQ client reports (its heartbeat's and connection list's
 * {@code version}): 479 is {@code V5_3_3}. From 4.0.0 the numbers run without gaps, each release after its
 * snapshot, ten patches to a minor and ten minors to a major, up to 5.9.9; an older or newer number is shown
 * as the number itself.
 */
final class ClientVersions {

    /** {@code V4_0_0_SNAPSHOT}. */
    private static final int FIRST_REGULAR = 212;
    /** One past {@code V5_9_9}: RocketMQ calls it {@code HIGHER_VERSION}. */
    private static final int PAST_REGULAR = 612;

    private ClientVersions() {
    }

    static String name(int version) {
        if (version < FIRST_REGULAR || version >= PAST_REGULAR) {
            return Integer.toString(version);
        }
        int step = version - FIRST_REGULAR;
        int release = step / 2;
        return "V" + (4 + release / 100) + "_" + (release / 10 % 10) + "_" + (release % 10)
                + (step % 2 == 0 ? "_SNAPSHOT" : "");
    }
}
