package io.apogee.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apogee.remoting.tls.TlsMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a server's start line says about who can reach it, and when it warns. */
class ExposureTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(Exposure.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private long warnings() {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    @Test
    void everyInterfaceWithoutAuthenticationSaysSoAndWarnsOnce() {
        Exposure exposure = Exposure.of("broker", new InetSocketAddress("0.0.0.0", 10911), Map.of(), TlsMode.DISABLED);
        exposure.announce();
        assertThat(exposure.describe())
                .isEqualTo("listening on 0.0.0.0:10911 (every interface), authentication off, TLS off");
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("broker listening on 0.0.0.0:10911 (every interface), authentication off, TLS off");
        assertThat(warnings()).isEqualTo(1);
        assertThat(lines.list.get(1).getFormattedMessage())
                .startsWith("broker listens on 0.0.0.0:10911 with authentication off")
                .contains("authenticationEnabled=true");
    }

    @Test
    void loopbackWithoutAuthenticationDoesNotWarn() {
        Exposure exposure = Exposure.of("name server", new InetSocketAddress("127.0.0.1", 9876), Map.of(), TlsMode.DISABLED);
        exposure.announce();
        assertThat(exposure.describe())
                .isEqualTo("listening on 127.0.0.1:9876 (this host only), authentication off, TLS off");
        assertThat(warnings()).isZero();
    }

    @Test
    void authenticationAndTlsFromTheConfigurationAreReportedAndSilenceTheWarning() {
        Exposure exposure = Exposure.of("broker", new InetSocketAddress("0.0.0.0", 10911),
                Map.of(Exposure.AUTHENTICATION_ENABLED, "true"), TlsMode.ENFORCING);
        exposure.announce();
        assertThat(exposure.describe())
                .isEqualTo("listening on 0.0.0.0:10911 (every interface), authentication on, TLS enforcing");
        assertThat(warnings()).isZero();
    }
}
