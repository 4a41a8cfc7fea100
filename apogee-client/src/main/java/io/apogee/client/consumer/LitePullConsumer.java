package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.ServiceState;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.message.MessageExt;
import io.apogee.client.producer.MessageValidator;
import io.apogee.protocol.body.MessageQueue;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A consumer the application drives: {@link #poll} returns fetched messages, {@link #seek} moves a
 * queue, {@link #commitSync} commits. Queues come either from {@link #subscribe} (the group shares
 * them by rebalancing) or from {@link #assign} (the application picks them). Options carry
 * RocketMQ's {@code DefaultLitePullConsumer} names.
 *
 * <p>Fetching runs ahead on the instance's pull thread, up to {@code pullThresholdForQueue}
 * messages per queue and {@code pullThresholdForAll} in all. A paused queue is not fetched and
 * what was fetched for it is fetched again after {@link #resume}.
 *
 * <p>Thread safety: {@link #poll}, {@link #seek} and the commit methods may be called from any
 * thread, but polling from one thread keeps offsets in order, as with RocketMQ.
 */
public class LitePullConsumer extends ConsumerSettings {

    private int pullThresholdForAll = 10_000;
    private long pollTimeoutMillis = 5_000;
    private boolean autoCommit = true;
    private long autoCommitIntervalMillis = 5_000;

    private final Set<MessageQueue> requestedAssignment = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<MessageQueue, LitePullTask> tasks = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<LitePullTask.Fetched> fetched = new LinkedBlockingQueue<>();
    private volatile ServiceState state = ServiceState.CREATE_JUST;
    private volatile boolean assignMode;
    private volatile long lastCommitMillis = System.currentTimeMillis();
    private ClientInstance instance;
    private OffsetStore offsetStore;
    private Rebalancer rebalancer;
    private LiteFetcher fetcher;

    public LitePullConsumer(String consumerGroup) {
        super(consumerGroup, 10, System.getProperty("user.home") + "/.rocketmq_offsets");
    }

    /** Subscribes with a tag expression; the group's members share the topic's queues. */
    public void subscribe(String topic, String subExpression) {
        if (assignMode) {
            throw new ClientException("subscribe and assign cannot be mixed: queues were assigned already");
        }
        recordSubscription(topic, subExpression);
        if (state == ServiceState.RUNNING) {
            rebalancer.subscribeNow(topic, subExpression);
        }
    }

    /** Consumes exactly these queues, without rebalancing. */
    public synchronized void assign(Collection<MessageQueue> queues) {
        if (hasSubscriptions()) {
            throw new ClientException("subscribe and assign cannot be mixed: topics were subscribed already");
        }
        assignMode = true;
        requestedAssignment.clear();
        requestedAssignment.addAll(queues);
        if (state == ServiceState.RUNNING) {
            applyAssignment();
        }
    }

    public synchronized void start() {
        if (state != ServiceState.CREATE_JUST) {
            throw new ClientException("the lite pull consumer of group " + getConsumerGroup()
                    + " cannot start: its state is " + state + " (only a consumer in CREATE_JUST can start)");
        }
        state = ServiceState.START_FAILED;
        checkOptions();
        MessageValidator.checkGroup(getConsumerGroup(), "consumerGroup");
        instance = acquireInstance();
        offsetStore = newOffsetStore(instance);
        offsetStore.load();
        fetcher = new LiteFetcher(this, instance, fetched);
        rebalancer = newRebalancer(instance, new LiteQueueHandler());
        if (!instance.registerConsumer(getConsumerGroup(), new LitePullConsumerMember(this))) {
            state = ServiceState.CREATE_JUST;
            throw groupAlreadyRegistered(instance);
        }
        instance.start();
        state = ServiceState.RUNNING;
        rebalancer.subscriptions().keySet().forEach(topic -> instance.routes().update(topic));
        instance.sendHeartbeatToAllBrokers();
        if (assignMode) {
            applyAssignment();
        } else {
            instance.rebalanceService().wakeup();
        }
    }

    public synchronized void shutdown() {
        if (state != ServiceState.RUNNING) {
            return;
        }
        state = ServiceState.SHUTDOWN_ALREADY;
        if (autoCommit) {
            commitAll();
        }
        tasks.values().forEach(t -> t.processQueue().markDropped());
        instance.unregisterConsumer(getConsumerGroup());
        rebalancer.destroy();
        tasks.clear();
        instance.shutdown();
    }

    /** Waits up to {@code pollTimeoutMillis} for messages. */
    public List<MessageExt> poll() {
        return poll(pollTimeoutMillis);
    }

    /** The next fetched messages of one queue, or an empty list when none arrived within the timeout. */
    public List<MessageExt> poll(long timeoutMillis) {
        checkRunning();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                LitePullTask.Fetched f = left <= 0 ? fetched.poll() : fetched.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    maybeAutoCommit();
                    return List.of();
                }
                LitePullTask task = f.task();
                if (task.processQueue().isDropped() || f.generation() != task.generation()) {
                    continue;
                }
                if (task.processQueue().isPaused()) {
                    task.seek(f.messages().get(0).getQueueOffset());
                    fetcher.start(task);
                    continue;
                }
                task.processQueue().removeMessages(f.messages());
                long next = f.messages().get(f.messages().size() - 1).getQueueOffset() + 1;
                offsetStore.updateOffset(task.queue(), next, false);
                maybeAutoCommit();
                return f.messages();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Restarts a queue at {@code offset}, which must lie between its min and max offsets. */
    public void seek(MessageQueue queue, long offset) {
        checkRunning();
        LitePullTask task = tasks.get(queue);
        if (task == null) {
            throw new ClientException("queue " + queue + " is not assigned to this consumer; assigned: " + tasks.keySet());
        }
        String master = instance.brokers().masterAddress(queue.brokerName());
        long timeout = getMqClientApiTimeout();
        long min = instance.brokerApi().minOffset(master, queue, timeout);
        long max = instance.brokerApi().maxOffset(master, queue, timeout);
        if (offset < min || offset > max) {
            throw new ClientException("seek offset " + offset + " of " + queue + " is outside [" + min + ", " + max + "]");
        }
        task.seek(offset);
        offsetStore.updateOffset(queue, offset, false);
        fetcher.start(task);
    }

    public void seekToBegin(MessageQueue queue) {
        seek(queue, instance.brokerApi().minOffset(masterOf(queue), queue, getMqClientApiTimeout()));
    }

    public void seekToEnd(MessageQueue queue) {
        seek(queue, instance.brokerApi().maxOffset(masterOf(queue), queue, getMqClientApiTimeout()));
    }

    /** Stops fetching these queues until {@link #resume}. */
    public void pause(Collection<MessageQueue> queues) {
        queues.forEach(q -> {
            LitePullTask task = tasks.get(q);
            if (task != null) {
                task.processQueue().setPaused(true);
            }
        });
    }

    public void resume(Collection<MessageQueue> queues) {
        queues.forEach(q -> {
            LitePullTask task = tasks.get(q);
            if (task != null) {
                task.processQueue().setPaused(false);
            }
        });
    }

    /** Commits the offsets of everything polled so far and waits for the brokers. */
    public void commitSync() {
        checkRunning();
        commitAll();
    }

    /** The group's committed offset of a queue as the broker (or file) holds it, or -1. */
    public long committed(MessageQueue queue) {
        checkRunning();
        return offsetStore.readOffset(queue, ReadOffsetType.READ_FROM_STORE);
    }

    /** The readable queues of a topic, fetched from the name server. */
    public Set<MessageQueue> fetchMessageQueues(String topic) {
        checkRunning();
        if (!instance.routes().update(topic)) {
            throw new ClientException(17, "topic " + topic + " does not exist");
        }
        return instance.routes().readableQueues(topic);
    }

    /** The queues this consumer fetches now. */
    public Set<MessageQueue> assignment() {
        return Set.copyOf(tasks.keySet());
    }

    private void commitAll() {
        for (MessageQueue queue : tasks.keySet()) {
            offsetStore.persist(queue);
        }
        lastCommitMillis = System.currentTimeMillis();
    }

    private void maybeAutoCommit() {
        if (autoCommit && System.currentTimeMillis() - lastCommitMillis >= autoCommitIntervalMillis) {
            try {
                commitAll();
            } catch (ClientException e) {
                lastCommitMillis = System.currentTimeMillis();
            }
        }
    }

    private synchronized void applyAssignment() {
        for (MessageQueue queue : Set.copyOf(tasks.keySet())) {
            if (!requestedAssignment.contains(queue)) {
                LitePullTask task = tasks.remove(queue);
                task.processQueue().markDropped();
            }
        }
        for (MessageQueue queue : requestedAssignment) {
            if (!tasks.containsKey(queue)) {
                instance.routes().update(queue.topic());
                addQueue(queue, new ProcessQueue());
            }
        }
    }

    private void addQueue(MessageQueue queue, ProcessQueue processQueue) {
        long start = StartOffsets.compute(instance, offsetStore, queue, getConsumeFromWhere(), getConsumeTimestamp());
        offsetStore.updateOffset(queue, start, false);
        LitePullTask task = new LitePullTask(queue, processQueue, start);
        tasks.put(queue, task);
        fetcher.start(task);
    }

    /** Queue changes decided by the rebalancer in subscribe mode. */
    private final class LiteQueueHandler implements Rebalancer.QueueHandler {
        @Override
        public boolean onAdded(MessageQueue queue, ProcessQueue processQueue) {
            offsetStore.removeOffset(queue);
            addQueue(queue, processQueue);
            return true;
        }

        @Override
        public void onRemoved(MessageQueue queue, ProcessQueue processQueue) {
            tasks.remove(queue);
            if (autoCommit) {
                offsetStore.persist(queue);
            }
            offsetStore.removeOffset(queue);
        }
    }

    private String masterOf(MessageQueue queue) {
        checkRunning();
        return instance.brokers().masterAddress(queue.brokerName());
    }

    private void checkRunning() {
        if (state != ServiceState.RUNNING) {
            throw new ClientException("the lite pull consumer of group " + getConsumerGroup()
                    + " is not running (state " + state + ")");
        }
    }

    void persistOnSchedule() {
        if (autoCommit && offsetStore != null) {
            offsetStore.persistAll(new HashSet<>(tasks.keySet()));
        }
    }

    @Override
    Rebalancer rebalancer() { return rebalancer; }
    boolean isAssignMode() { return assignMode; }
    Map<MessageQueue, LitePullTask> tasks() { return tasks; }

    public ServiceState getState() { return state; }
    public ClientInstance clientInstance() { return instance; }
    public int getPullThresholdForAll() { return pullThresholdForAll; }
    public void setPullThresholdForAll(int n) { this.pullThresholdForAll = n; }
    public long getPollTimeoutMillis() { return pollTimeoutMillis; }
    public void setPollTimeoutMillis(long millis) { this.pollTimeoutMillis = millis; }
    public boolean isAutoCommit() { return autoCommit; }
    public void setAutoCommit(boolean autoCommit) { this.autoCommit = autoCommit; }
    public long getAutoCommitIntervalMillis() { return autoCommitIntervalMillis; }
    public void setAutoCommitIntervalMillis(long millis) { this.autoCommitIntervalMillis = millis; }
}
