package io.apogee.controller.raft;

import io.apogee.controller.ControllerCodes;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.Outcome;
import io.apogee.controller.state.ReplicaState;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Applies the controller's log to a {@link ReplicaState}, and writes and reads that state as one snapshot
 * file, so Ratis can purge the log up to the snapshot instead of keeping every command since the group began.
 *
 * <p>Thread safety: Ratis calls {@link #applyTransaction} and {@link #takeSnapshot} from its one apply thread,
 * so a snapshot always matches the last applied index; {@link #pause} and {@link #reinitialize} run when a
 * follower installs a snapshot the leader sent (its log was purged past what the follower has), with applying
 * stopped between them.
 */
final class ControllerStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerStateMachine.class);
    /** What {@link #takeSnapshot} answers when nothing was applied yet. */
    private static final long NO_SNAPSHOT = -1;

    private final ReplicaState state;
    private final Consumer<RaftPeerId> leaderChanged;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    ControllerStateMachine(ReplicaState state, Consumer<RaftPeerId> leaderChanged) {
        this.state = state;
        this.leaderChanged = leaderChanged;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().startAndTransition(() -> load(storage.loadLatestSnapshot()), IOException.class);
    }

    /** Before a follower installs a snapshot from the leader: Ratis reloads only a paused state machine. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After a follower installed a snapshot: replaces the state with it and runs again. */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        MD5Hash stored = MD5FileUtil.readStoredMd5ForFile(file.toFile());
        if (stored != null && !stored.equals(MD5FileUtil.computeMd5ForFile(file.toFile()))) {
            throw new IOException("controller snapshot " + file + " does not match its MD5: it is damaged");
        }
        state.restore(Files.readAllBytes(file));
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("controller state loaded from snapshot {} ({} broker groups)", file, state.groups().size());
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return NO_SNAPSHOT;
        }
        Path file = storage.getSnapshotFile(last.getTerm(), last.getIndex()).toPath();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, state.snapshot());
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(file.toFile());
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, digest), last));
        LOG.info("controller snapshot taken at index {}", last.getIndex());
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Outcome outcome;
        try {
            Command command = Command.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            outcome = state.apply(command);
        } catch (RuntimeException e) {
            // Every controller fails the same entry the same way, so skipping it keeps them in agreement.
            LOG.error("controller log entry {} cannot be applied, skipped", entry.getIndex(), e);
            outcome = new Outcome(ControllerCodes.CONTROLLER_INVALID_REQUEST,
                    "cannot apply: " + e.getMessage(), null);
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(outcome.encode())));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderChanged.accept(newLeaderId);
    }
}
