package io.apogee.test;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Ten test classes with {@link ApogeeTest}, run one after another in this JVM as a suite would run them: no
 * port clashes, no thread of theirs left after the last, and no temporary folder left behind.
 */
class TenClassesInOneJvmTest {

    /** The data folders the suite's brokers used. */
    static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    /** One class of the suite: sends and reads back a message on its own broker. */
    abstract static class Sample {
        @Test
        void sendsAndReadsBack(EmbeddedApogee apogee) {
            DATA_DIRS.add(apogee.dataDir());
            apogee.send("Sample", getClass().getSimpleName());
            assertThat(apogee.awaitMessages("Sample", 1, Duration.ofSeconds(10))).hasSize(1);
        }
    }

    @ApogeeTest static class S1 extends Sample { }
    @ApogeeTest static class S2 extends Sample { }
    @ApogeeTest static class S3 extends Sample { }
    @ApogeeTest static class S4 extends Sample { }
    @ApogeeTest static class S5 extends Sample { }
    @ApogeeTest static class S6 extends Sample { }
    @ApogeeTest static class S7 extends Sample { }
    @ApogeeTest static class S8 extends Sample { }
    @ApogeeTest static class S9 extends Sample { }
    @ApogeeTest static class S10 extends Sample { }

    @Test
    void tenClassesRunCleanlyOneAfterAnother() {
        DATA_DIRS.clear(); // a -Dtest pattern may have run the sample classes on their own already
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Stream.of(S1.class, S2.class, S3.class, S4.class, S5.class, S6.class, S7.class, S8.class,
                        S9.class, S10.class).map(c -> selectClass(c)).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);

        TestExecutionSummary result = summary.getSummary();
        List<String> failures = new ArrayList<>();
        result.getFailures().forEach(f -> failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
        assertThat(failures).isEmpty();
        assertThat(result.getTestsSucceededCount()).isEqualTo(10);
        assertThat(DATA_DIRS).hasSize(10).noneMatch(Files::exists);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    }

    /**
     * Threads started since {@code before} that are still alive, apart from the JDK's shared ones and the
     * official client's log appender, which it starts once per process on first use.
     */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.startsWith("ForkJoinPool") && !name.startsWith("process reaper")
                        && !name.startsWith("Attach Listener") && !name.startsWith("Common-Cleaner")
                        && !name.startsWith("awaitility") && !name.startsWith("AsyncAppender-Worker"))
                .collect(Collectors.toList());
    }
}
