package io.apogee.cli.bench.compare;

/**
 * What each system runs in a round: one broker (ASYNC_MASTER), or a master (SYNC_MASTER, answering a send once
 * its slave holds it) and one slave, each broker its own process, so replication costs what it costs.
 */
enum Topology {

    SINGLE("ASYNC_MASTER"),
    REPLICATED("SYNC_MASTER");

    private final String masterRole;

    Topology(String masterRole) {
        this.masterRole = masterRole;
    }

    String masterRole() {
        return masterRole;
    }
}
