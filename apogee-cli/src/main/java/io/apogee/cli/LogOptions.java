package io.apogee.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The logging options every server command shares, and where its log goes: the console (set up by
 * {@link ConsoleLogging}) and a rolling file {@code logs/apogee.log} under the server's data folder, rolled daily
 * and at 100 MiB, compressed, kept 7 days and at most 1 GiB in all.
 *
 * <p>Thread safety: {@link #toFolder} is called once, by the thread that starts the command.
 */
final class LogOptions {

    static final String FILE_NAME = "apogee.log";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    /** The levels an operator may choose. */
    enum LogLevel { ERROR, WARN, INFO, DEBUG, TRACE }

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Log level: ${COMPLETION-CANDIDATES} (default: APOGEE_LOG_LEVEL, else INFO).")
    private LogLevel level;

    /** Applies the level and adds the rolling file under {@code logFolder}; returns the file. */
    Path toFolder(Path logFolder) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (level != null) {
            root.setLevel(Level.toLevel(level.name()));
        }
        Path file = logFolder.resolve(FILE_NAME).toAbsolutePath().normalize();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(ConsoleLogging.encoder(context, PATTERN));
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(logFolder.toAbsolutePath().normalize().resolve("apogee.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("100MB"));
        policy.setMaxHistory(7);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        root.addAppender(appender);
        return file;
    }
}
