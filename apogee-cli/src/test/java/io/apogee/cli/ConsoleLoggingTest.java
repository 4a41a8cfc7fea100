package io.apogee.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLoggingTest {

    @Test
    void withoutAnOperatorsFileTheConsoleGetsOneLinePerEventAndTheChattyLibrariesOnlyWarnings() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ConsoleLogging().configure(context, false);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).singleElement().isInstanceOfSatisfying(ConsoleAppender.class, console -> {
            assertThat(console.isStarted()).isTrue();
            assertThat(console.getTarget()).isEqualTo("System.out");
            assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(ConsoleLogging.PATTERN);
        });
        assertThat(root.getLevel()).isEqualTo(System.getenv(ConsoleLogging.LEVEL_VARIABLE) == null ? Level.INFO
                : Level.toLevel(System.getenv(ConsoleLogging.LEVEL_VARIABLE), Level.INFO));
        assertThat(context.getLogger("io.netty.channel.nio").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.ratis.server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.apogee.broker").getEffectiveLevel()).isEqualTo(root.getLevel());
    }

    @Test
    void anOperatorsConfigurationIsLeftToLogback() {
        LoggerContext context = new LoggerContext();
        assertThat(new ConsoleLogging().configure(context, true)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        // The tests' own logback-test.xml is such a configuration.
        assertThat(new ConsoleLogging().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void logbackFindsItThroughItsServiceFile() throws Exception {
        try (InputStream in = ConsoleLogging.class.getResourceAsStream(
                "/META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo(ConsoleLogging.class.getName());
        }
    }
}
