package io.apogee.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * Keeps a command's stdout for its answer alone, so that {@code -o json} parses: the client's start and stop
 * notes are dropped (warnings and errors stay), and the console log moves to stderr. For the commands that
 * open clients and print a result ({@code admin}, {@code bench compare}).
 *
 * <p>Thread safety: called by the command's thread before it opens any client; idempotent.
 */
public final class AnswerLogging {

    private static final String[] CLIENT_LOGGERS = {"io.apogee.client", "io.apogee.remoting.client"};

    private AnswerLogging() {
    }

    public static void keepStdoutForAnswers() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : CLIENT_LOGGERS) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null || !logger.getLevel().isGreaterOrEqual(Level.WARN)) {
                logger.setLevel(Level.WARN);
            }
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && !"System.err".equals(console.getTarget())) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }
}
