package io.apogee.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The console log of every {@code apogee} command: one readable line per event on stdout, Netty and Apache Ratis
 * (which narrates every election at INFO) at WARN, the root level from {@code APOGEE_LOG_LEVEL}, else INFO.
 * Servers that need files add their own appender ({@link LogOptions}).
 *
 * <p>Logback finds this class through its service file and runs it before looking for XML: set up in code,
 * logging is ready in about a third of the time that parsing a {@code logback.xml} takes on a cold JVM, which
 * is most of the time a standalone start spends on logging. An operator's own configuration still wins: with
 * {@code -Dlogback.configurationFile}, or a {@code logback.xml} or {@code logback-test.xml} on the class
 * path, this steps aside and logback reads that as usual.
 *
 * <p>Thread safety: logback calls {@link #configure} once, on the thread that first asks for a logger.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    static final String LEVEL_VARIABLE = "APOGEE_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, operatorConfigured());
    }

    ExecutionStatus configure(LoggerContext context, boolean operatorConfigured) {
        if (operatorConfigured) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context, PATTERN));
        console.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.apache.ratis").setLevel(Level.WARN);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A started encoder of {@code pattern}, for this console and {@link LogOptions}' file. */
    static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static boolean operatorConfigured() {
        ClassLoader loader = ConsoleLogging.class.getClassLoader();
        return System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ContextInitializer.AUTOCONFIG_FILE) != null
                || loader.getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null;
    }
}
