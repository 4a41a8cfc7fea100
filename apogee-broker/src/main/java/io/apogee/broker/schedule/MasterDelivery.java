package io.apogee.broker.schedule;

import io.apogee.broker.timer.TimerDelivery;
import io.apogee.broker.timer.TimerProperties;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.store.MessageStore;

import java.nio.file.Path;

/**
 * A master's delivery of messages that wait: delayed ones (delay levels) and timed ones (the timer), each on its
 * own agent thread. Slaves run neither; they copy the progress from their master. They append through the
 * store senders use, so a delivered message is replicated as a sent one is (SYNC_MASTER waits for the in-sync
 * slaves before the progress moves past it), and a master that lost its lease or was fenced delivers nothing.
 *
 * <p>Thread safety: started and stopped by one thread at a time (the broker's start, or a role switch).
 */
public final class MasterDelivery implements AutoCloseable {

    private final ScheduleDelivery schedule;
    private final TimerDelivery timer;

    private MasterDelivery(ScheduleDelivery schedule, TimerDelivery timer) {
        this.schedule = schedule;
        this.timer = timer;
    }

    /** Starts both deliveries on {@code store}, keeping their progress under {@code configDir}. */
    public static MasterDelivery start(MessageStore store, DelayLevels levels, TopicTable topics, Path configDir) {
        ScheduleDelivery schedule = new ScheduleDelivery(store, levels, configDir.resolve(ScheduleDelivery.PROGRESS_FILE),
                System::currentTimeMillis);
        schedule.start();
        if (topics.get(TimerProperties.TIMER_TOPIC) == null) {
            topics.put(TopicConfig.of(TimerProperties.TIMER_TOPIC, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE));
        }
        TimerDelivery timer = new TimerDelivery(store, configDir.resolve("timerIndex.dat"), System::currentTimeMillis);
        timer.start();
        return new MasterDelivery(schedule, timer);
    }

    /** Stops both, each persisting its progress. */
    @Override
    public void close() {
        timer.shutdown();
        schedule.shutdown();
    }
}
