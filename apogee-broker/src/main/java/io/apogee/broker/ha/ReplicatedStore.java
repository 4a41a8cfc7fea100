package io.apogee.broker.ha;

import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.DispatchListener;
import io.apogee.store.GetMessageResult;
import io.apogee.store.MessageStore;
import io.apogee.store.QueueEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The store as a broker group member's senders see it: on a SLAVE, and on a master fenced by a newer epoch,
 * every append is refused (SLAVE_READ_ONLY, which senders get as RocketMQ's SERVICE_NOT_AVAILABLE) (only replication
 * writes its log); on a master each append wakes the shippers, and under SYNC_MASTER its answer waits for
 * the in-sync slaves ({@link ReplicaAcks}) after the store's own append and flush. Everything else is the
 * store's.
 *
 * <p>Thread safety: as {@link MessageStore}.
 */
final class ReplicatedStore implements MessageStore {

    private final MessageStore store;
    private final Runnable wake;
    /** Switched with the broker's role (controller mode); read by every append. */
    private volatile BrokerRole role;
    /** What SYNC_MASTER waits for; null on a slave. */
    private volatile ReplicaAcks acks;
    /** Set once this master learned a newer epoch: it is no master any more and acknowledges nothing. */
    private volatile boolean fenced;
    /** Whether this master may acknowledge now (controller mode: its lease with the controller holds). */
    private volatile BooleanSupplier lease = () -> true;

    ReplicatedStore(MessageStore store, BrokerRole role, ReplicaAcks acks, Runnable wake) {
        this.store = store;
        this.role = role;
        this.acks = acks;
        this.wake = wake;
    }

    /** Serves as {@code role} from now on, SYNC_MASTER waiting on {@code acks}; a new role lifts a fence. */
    void serve(BrokerRole role, ReplicaAcks acks) {
        this.acks = acks;
        this.role = role;
        this.fenced = false;
    }

    /** Makes every append ask {@code holds} first; refused (as on a slave) while it answers false. */
    void lease(BooleanSupplier holds) {
        this.lease = holds;
    }

    /** Refuses every append from now on, as a slave does. Any thread. */
    void fence() {
        fenced = true;
    }

    boolean fenced() {
        return fenced;
    }

    private boolean refuses() {
        return role == BrokerRole.SLAVE || fenced || !lease.getAsBoolean();
    }

    @Override
    public AppendStatus append(AppendRequest request) {
        if (refuses()) {
            return AppendStatus.SLAVE_READ_ONLY;
        }
        AppendStatus status = store.append(request);
        wake.run();
        ReplicaAcks waitFor = acks;
        if (status != AppendStatus.PUT_OK || role != BrokerRole.SYNC_MASTER || waitFor == null) {
            return status;
        }
        return waitFor.await(request.endOffset).join();
    }

    @Override
    public CompletableFuture<AppendStatus> appendAsync(AppendRequest request) {
        return appendAsync(request, null);
    }

    @Override
    public CompletableFuture<AppendStatus> appendAsync(AppendRequest request, Executor writeBehindOn) {
        if (refuses()) {
            return CompletableFuture.completedFuture(AppendStatus.SLAVE_READ_ONLY);
        }
        CompletableFuture<AppendStatus> stored = store.appendAsync(request, writeBehindOn);
        // Read now: the caller's thread reuses its request for its next send.
        long end = request.endOffset;
        if (stored.isDone()) {
            return replicated(stored.join(), end);
        }
        return stored.thenCompose(status -> replicated(status, end));
    }

    @Override
    public boolean appendsInPlace() {
        return store.appendsInPlace();
    }

    private CompletableFuture<AppendStatus> replicated(AppendStatus status, long end) {
        wake.run();
        ReplicaAcks waitFor = acks;
        if (status != AppendStatus.PUT_OK || role != BrokerRole.SYNC_MASTER || waitFor == null) {
            return CompletableFuture.completedFuture(status);
        }
        return waitFor.await(end);
    }

    @Override
    public void continueQueueOffsets() {
        store.continueQueueOffsets();
    }

    @Override
    public void start() throws IOException {
        store.start();
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    @Override
    public GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, int maxBytes,
                                       long[] tagCodes) {
        return store.getMessage(topic, queueId, offset, maxMsgNums, maxBytes, tagCodes);
    }

    @Override
    public ByteBuffer getMessageByOffset(long commitLogOffset) {
        return store.getMessageByOffset(commitLogOffset);
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) {
        return store.minOffsetInQueue(topic, queueId);
    }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) {
        return store.maxOffsetInQueue(topic, queueId);
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        return store.offsetInQueueByTime(topic, queueId, timestamp);
    }

    @Override
    public boolean isInPageCache(String topic, int queueId, long queueOffset) {
        return store.isInPageCache(topic, queueId, queueOffset);
    }

    @Override
    public List<QueueEntry> queueEntries(String topic, int queueId, long from, int count) {
        return store.queueEntries(topic, queueId, from, count);
    }

    @Override
    public long messageStoreTime(String topic, int queueId, long queueOffset) {
        return store.messageStoreTime(topic, queueId, queueOffset);
    }

    @Override
    public long earliestMessageTime(String topic, int queueId) {
        return store.earliestMessageTime(topic, queueId);
    }

    @Override
    public long latestMessageTime(String topic, int queueId) {
        return store.latestMessageTime(topic, queueId);
    }

    @Override
    public long earliestMessageTime() {
        return store.earliestMessageTime();
    }

    @Override
    public List<ByteBuffer> queryMessage(String topic, String key, int maxNum, long begin, long end) {
        return store.queryMessage(topic, key, maxNum, begin, end);
    }

    @Override
    public long commitLogMinOffset() {
        return store.commitLogMinOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return store.commitLogMaxOffset();
    }

    @Override
    public long appendReplicated(long offset, ByteBuffer records) {
        return store.appendReplicated(offset, records);
    }

    @Override
    public long truncateCommitLog(long offset) {
        return store.truncateCommitLog(offset);
    }

    @Override
    public int copyCommitLog(long offset, int maxBytes, ByteBuffer into) {
        return store.copyCommitLog(offset, maxBytes, into);
    }

    @Override
    public boolean isDiskFull() {
        return store.isDiskFull();
    }

    @Override
    public void addDispatchListener(DispatchListener listener) {
        store.addDispatchListener(listener);
    }

    @Override
    public void removeDispatchListener(DispatchListener listener) {
        store.removeDispatchListener(listener);
    }

    @Override
    public Set<String> queuedTopics() {
        return store.queuedTopics();
    }

    @Override
    public CompletableFuture<Integer> deleteTopicQueues(Set<String> topics) {
        return store.deleteTopicQueues(topics);
    }

    @Override
    public CompletableFuture<Integer> deleteExpiredQueues() {
        return store.deleteExpiredQueues();
    }
}
