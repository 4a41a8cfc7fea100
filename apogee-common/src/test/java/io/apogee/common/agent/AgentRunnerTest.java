package io.apogee.common.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentRunnerTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AgentRunner.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private AgentRunner runner;

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        if (runner != null) {
            runner.close(5_000);
        }
    }

    /** An agent that records which threads ran it. */
    private abstract static class RecordingAgent implements Agent {
        final Set<Thread> workThreads = ConcurrentHashMap.newKeySet();
        final Set<Thread> closeThreads = ConcurrentHashMap.newKeySet();
        final AtomicInteger passes = new AtomicInteger();

        @Override
        public int doWork() throws Exception {
            workThreads.add(Thread.currentThread());
            passes.incrementAndGet();
            return work();
        }

        abstract int work() throws Exception;

        @Override
        public void onClose() {
            closeThreads.add(Thread.currentThread());
        }

        @Override
        public String roleName() {
            return "test-agent";
        }
    }

    @Test
    void anIdleAgentSleepsUntilWokenAndClosesOnItsOwnThread() {
        AtomicLong published = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        RecordingAgent agent = new RecordingAgent() {
            @Override
            int work() {
                long target = published.get();
                long done = target - consumed.get();
                consumed.set(target);
                return (int) done;
            }
        };
        // Sleeps up to a minute unless there is work: only wake() can make the test pass in time.
        runner = new AgentRunner(agent, new ParkingIdleStrategy(
                () -> published.get() > consumed.get() ? 0 : TimeUnit.MINUTES.toNanos(1)));
        Thread thread = runner.start();
        assertThat(thread.getName()).isEqualTo("test-agent");
        for (int i = 1; i <= 200; i++) {
            published.set(i);
            runner.wake();
            long expected = i;
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> consumed.get() == expected);
        }
        assertThat(runner.close(5_000)).isTrue();
        assertThat(agent.workThreads).containsExactly(thread);
        assertThat(agent.closeThreads).containsExactly(thread);
        runner = null;
    }

    @Test
    void aFailingPassIsCountedAndLoggedOnceWithItsStackNotOncePerRetry() {
        RecordingAgent agent = new RecordingAgent() {
            @Override
            int work() throws IOException {
                throw new IOException("disk says no");
            }
        };
        runner = new AgentRunner(agent, ParkingIdleStrategy.upTo(1), TimeUnit.MILLISECONDS.toNanos(1));
        runner.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> runner.errors() >= 200);
        assertThat(runner.close(5_000)).isTrue();
        runner = null;
        assertThat(lines.list).hasSize(1);
        ILoggingEvent first = lines.list.get(0);
        assertThat(first.getFormattedMessage()).startsWith("test-agent failed; retrying");
        assertThat(first.getThrowableProxy().getMessage()).isEqualTo("disk says no");
        assertThat(agent.passes.get()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void anErrorSurfacingWhileIdleReachesTheAgentAndTheThreadGoesOn() {
        // As the JVM raises a SIGBUS from a mapped write: at the next park, after the pass returned.
        AtomicInteger idles = new AtomicInteger();
        IdleStrategy faultOnFirstIdle = work -> {
            if (idles.incrementAndGet() == 1) {
                throw new InternalError("a fault occurred in a recent unsafe memory access operation");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        };
        List<Throwable> heard = new CopyOnWriteArrayList<>();
        RecordingAgent agent = new RecordingAgent() {
            @Override
            int work() {
                return 0;
            }

            @Override
            public void onError(Throwable e) {
                heard.add(e);
            }
        };
        runner = new AgentRunner(agent, faultOnFirstIdle, TimeUnit.MILLISECONDS.toNanos(1));
        Thread thread = runner.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent.passes.get() >= 3);

        assertThat(heard).singleElement().isInstanceOf(InternalError.class);
        assertThat(runner.errors()).isEqualTo(1);
        assertThat(thread.isAlive()).isTrue();
        assertThat(runner.close(5_000)).isTrue();
        runner = null;
    }

    @Test
    void aCloseThatTimesOutLeavesTheStuckAgentAloneAndItNeverCloses() throws Exception {
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        RecordingAgent agent = new RecordingAgent() {
            @Override
            int work() throws InterruptedException {
                inPass.countDown();
                unstick.await();
                return 1;
            }
        };
        runner = new AgentRunner(agent, ParkingIdleStrategy.upTo(1));
        Thread thread = runner.start();
        assertThat(inPass.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.close(200)).as("a stuck agent does not close cleanly").isFalse();
        assertThat(agent.workThreads).as("the caller never ran a pass").containsExactly(thread);
        assertThat(agent.closeThreads).as("nor the close").isEmpty();
        assertThat(agent.passes.get()).isEqualTo(1);
        assertThat(lines.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("test-agent did not stop within 200 ms").contains("work"));

        unstick.countDown();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(agent.passes.get()).as("no pass after the stuck one").isEqualTo(1);
        assertThat(agent.closeThreads).as("an abandoned agent does not close later either").isEmpty();
        runner = null;
    }
}
