package io.apogee.cli.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves the console log of a bench run to stderr, so that stdout carries only the report a script parses
 * ({@code -o json}); the servers keep logging to stdout.
 *
 * <p>Thread safety: called once by the command's thread before any client starts.
 */
final class BenchLogging {

    private BenchLogging() {
    }

    static void toStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<ConsoleAppender<ILoggingEvent>> toStdout = new ArrayList<>();
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof ConsoleAppender<ILoggingEvent> console
                    && ConsoleTarget.SystemOut.getName().equals(console.getTarget())) {
                toStdout.add(console);
            }
        }
        for (ConsoleAppender<ILoggingEvent> console : toStdout) {
            console.stop();
            console.setTarget(ConsoleTarget.SystemErr.getName());
            console.start();
        }
    }
}
