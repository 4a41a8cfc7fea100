package io.apogee.remoting;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the leak reports of Netty's leak detector, so a test run fails on them instead of only logging them.
 * One is not ours and is left out: Apache RocketMQ 5.3.3's store keeps a pooled buffer per send thread in its
 * {@code MessageExtEncoder} and never releases it, so stopping its broker inside a test JVM (the reference
 * peer of the {@code rocketmq}-tagged suites) leaks one buffer per send thread that sent.
 */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {

    private static final String REFERENCE_BROKER_ENCODER = "org.apache.rocketmq.store.MessageExtEncoder.";

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:") && !message.contains(REFERENCE_BROKER_ENCODER)) {
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
