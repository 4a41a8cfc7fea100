package io.apogee.remoting;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Collects the leak reports of Netty's leak detector, so a test run fails on them instead of only logging them. */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            LEAKS.add(message);
        }
    }

    /** The reports seen since the last call. */
    static List<String> drain() {
        List<String> drained = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            drained.add(leak);
        }
        return drained;
    }
}
