package io.apogee.common.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(logger, 10_000, now::get);

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodWithinOneIntervalWritesOneLineAndTheNextSaysHowManyWereLeftOut() {
        for (int i = 0; i < 10_000; i++) {
            log.warn("bad request {} from {}", i, "peer");
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("bad request 0 from peer");

        now.addAndGet(10_000);
        log.warn("bad request {} from {}", 10_000, "peer");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("bad request 10000 from peer (9999 more like this since the last line)");
        assertThat(log.total()).isEqualTo(10_001);
    }

    @Test
    void aThrowableStaysTheLastArgumentSoItsStackIsPrinted() {
        log.warn("loop failed: {}", "first", new IllegalStateException("one"));
        log.warn("loop failed: {}", "second", new IllegalStateException("two"));
        now.addAndGet(20_000);
        log.info("loop failed: {}", "third", new IllegalStateException("three"));
        assertThat(lines.list).hasSize(2);
        ILoggingEvent summary = lines.list.get(1);
        assertThat(summary.getFormattedMessage()).isEqualTo("loop failed: third (1 more like this since the last line)");
        assertThat(summary.getThrowableProxy().getMessage()).isEqualTo("three");
    }
}
