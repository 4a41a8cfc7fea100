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

class OffenderLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(OffenderLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final OffenderLog log = new OffenderLog(logger, 60_000, 4, now::get);

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
    void eachOffenderGetsOneLinePerIntervalAndItsNextLineCountsTheRest() {
        for (int i = 0; i < 1_000; i++) {
            log.warn("10.0.0.1", "refusing {}", "10.0.0.1");
            log.warn("10.0.0.2", "refusing {}", "10.0.0.2");
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refusing 10.0.0.1", "refusing 10.0.0.2");

        now.addAndGet(60_000);
        log.warn("10.0.0.1", "refusing {}", "10.0.0.1");
        assertThat(lines.list.get(2).getFormattedMessage())
                .isEqualTo("refusing 10.0.0.1 (999 more from it since the last line)");
    }

    @Test
    void aFloodOfDistinctAddressesIsBoundedInMemoryAndInLines() {
        for (int i = 0; i < 100_000; i++) {
            log.warn("10.1." + (i >> 8 & 255) + "." + (i & 255) + ":" + i, "refusing {}", i);
        }
        assertThat(log.remembered()).isEqualTo(4);
        // Four offenders' lines, then one summary for all the others of the interval.
        assertThat(lines.list).hasSize(5);
        assertThat(lines.list.get(4).getFormattedMessage())
                .isEqualTo("more than 4 peers refused within 60000 ms; lines about the others are left out");

        now.addAndGet(60_000);
        log.warn("10.9.9.9", "refusing {}", "10.9.9.9");
        assertThat(lines.list.get(5).getFormattedMessage()).isEqualTo("refusing 10.9.9.9");
    }
}
