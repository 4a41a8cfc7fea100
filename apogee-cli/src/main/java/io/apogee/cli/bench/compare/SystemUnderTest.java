package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One broker to measure, started fresh for every round: its processes pinned to the broker CPU, its data in a
 * new folder, the same heap and JVM options as the other system.
 *
 * <p>Thread safety: used by the comparison's one thread.
 */
interface SystemUnderTest {

    /** The name printed in the table. */
    String name();

    /** Starts the name server and broker under {@code dir}; returns once a client can send. */
    Running start(Path dir, Launcher launcher) throws IOException, InterruptedException;

    /** A started system: where clients find it, the broker process whose CPU and memory are measured. */
    record Running(String namesrvAddr, ProcessHandle broker, List<Process> processes) {
    }
}
