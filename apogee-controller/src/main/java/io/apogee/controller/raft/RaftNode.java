package io.apogee.controller.raft;

import io.apogee.controller.ControllerConfig;
import io.apogee.controller.ControllerPeer;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.Outcome;
import io.apogee.controller.state.ReplicaState;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * This controller's member of the Raft group: a Ratis server (Netty transport, shaded inside Ratis) whose state
 * machine applies {@link Command}s to the {@link ReplicaState}, and a Ratis client that submits a follower's
 * commands to whichever member leads (a leader submits its own to its server). Snapshots are taken every {@code controllerSnapshotThreshold} entries and the log is
 * purged up to them.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} on the owning thread; {@link #submit} and the leader
 * queries from any thread.
 */
public final class RaftNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    /** How long a submitted command may take before the caller is told it failed. */
    private static final long SUBMIT_TIMEOUT_MILLIS = 10_000;

    private final ControllerConfig config;
    private final RaftGroup group;
    private final RaftPeerId selfId;
    private final ReplicaState state;
    private final LongSupplier clock;
    private final RaftProperties properties;
    private volatile long leaderSinceMillis = Long.MAX_VALUE;
    private volatile RaftServer server;
    /**
     * Replaced after any failed command: a Ratis client whose ordered window failed a request (retries spent
     * while the group had no leader) fails every later one, so keeping it would cut this controller off.
     */
    private final AtomicReference<RaftClient> client = new AtomicReference<>();
    /** Names the commands this member writes to its own server while it leads. */
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong localCallIds = new AtomicLong();

    public RaftNode(ControllerConfig config, ReplicaState state, LongSupplier clock) {
        this.config = config;
        this.state = state;
        this.clock = clock;
        this.selfId = RaftPeerId.valueOf(config.selfId());
        List<RaftPeer> peers = config.peers().stream()
                .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).toList();
        UUID groupId = UUID.nameUUIDFromBytes(config.group().getBytes(StandardCharsets.UTF_8));
        this.group = RaftGroup.valueOf(RaftGroupId.valueOf(groupId), peers);
        this.properties = properties(config);
    }

    private static RaftProperties properties(ControllerConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        ControllerPeer self = config.peers().stream().filter(x -> x.id().equals(config.selfId())).findFirst()
                .orElseThrow();
        NettyConfigKeys.Server.setPort(p, self.port());
        RaftServerConfigKeys.setStorageDir(p, List.of(config.storePath().toFile()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        SizeInBytes segment = SizeInBytes.valueOf(config.logSegmentSize());
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, segment);
        long election = config.electionTimeoutMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3 * election, TimeUnit.MILLISECONDS));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3 * election, TimeUnit.MILLISECONDS));
        return p;
    }

    /**
     * Opens (or formats, the first time) the store and joins the group; returns once this member runs, not once
     * a leader is elected.
     *
     * @throws UncheckedIOException when the store cannot be opened or the Raft port bound
     */
    public void start() {
        try {
            ControllerStateMachine machine = new ControllerStateMachine(state, this::leaderChanged);
            server = RaftServer.newBuilder().setServerId(selfId).setGroup(group).setStateMachine(machine)
                    .setProperties(properties).setOption(RaftStorage.StartupOption.RECOVER).build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start controller " + selfId + " of group " + config.group()
                    + " in " + config.storePath() + ": " + e.getMessage(), e);
        }
        client.set(newClient());
        LOG.info("controller {} joined Raft group {} of {}", selfId, config.group(), config.peersText());
    }

    /** A client that first tries the leader this member knows of, or itself while it knows none. */
    private RaftClient newClient() {
        String leader = leaderId();
        RaftPeerId first = leader == null ? selfId : RaftPeerId.valueOf(leader);
        return RaftClient.newBuilder().setRaftGroup(group).setProperties(properties).setLeaderId(first)
                .setClientId(ClientId.randomId()).setParameters(new Parameters())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(20,
                        TimeDuration.valueOf(config.electionTimeoutMillis() / 2, TimeUnit.MILLISECONDS)))
                .build();
    }

    /** Swaps {@code failed} for a fresh client unless another failure did already; closes it off this thread. */
    private void replaceClient(RaftClient failed) {
        if (client.get() != failed) {
            return;
        }
        RaftClient fresh = newClient();
        if (client.compareAndSet(failed, fresh)) {
            LOG.info("controller {} replaced its Raft client after a failed command", selfId);
            CompletableFuture.runAsync(() -> closeQuietly(failed));
        } else {
            closeQuietly(fresh);
        }
    }

    private void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("controller {} Raft client did not close cleanly: {}", selfId, e.toString());
        }
    }

    private void leaderChanged(RaftPeerId leader) {
        leaderSinceMillis = selfId.equals(leader) ? clock.getAsLong() : Long.MAX_VALUE;
        LOG.info("controller {} sees {} lead group {}", selfId, leader, config.group());
    }

    /**
     * Writes {@code command} to the group's log; completes with its outcome once applied, or exceptionally. A
     * leader hands it to its own server, with no client and no network in between; a follower sends it through
     * its client to the leader.
     */
    public CompletableFuture<Outcome> submit(Command command) {
        Message message = Message.valueOf(ByteString.copyFrom(command.encode()));
        CompletableFuture<RaftClientReply> sent;
        if (isLeaderReady()) {
            sent = submitLocally(message);
        } else {
            RaftClient used = client.get();
            if (used == null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("controller " + selfId + " is stopped"));
            }
            sent = used.async().send(message).whenComplete((reply, failure) -> {
                if (failure != null && client.get() == used) {
                    replaceClient(used);
                }
            });
        }
        return sent.orTimeout(SUBMIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new IllegalStateException("controller group refused the command: " + reply.getException());
            }
            return Outcome.decode(reply.getMessage().getContent().toByteArray());
        });
    }

    private CompletableFuture<RaftClientReply> submitLocally(Message message) {
        RaftServer running = server;
        if (running == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("controller " + selfId + " is stopped"));
        }
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(localClientId).setServerId(selfId)
                .setGroupId(group.getGroupId()).setCallId(localCallIds.incrementAndGet()).setMessage(message)
                .setType(RaftClientRequest.writeRequestType()).build();
        try {
            return running.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether this member leads and has applied every entry of earlier terms, so its state is current. */
    public boolean isLeaderReady() {
        DivisionInfo info = info();
        return info != null && info.isLeader() && info.isLeaderReady();
    }

    /** The leader's peer id as this member knows it, or null while there is none. */
    public String leaderId() {
        DivisionInfo info = info();
        RaftPeerId leader = info == null ? null : info.getLeaderId();
        return leader == null ? null : leader.toString();
    }

    /** When this member last became leader (its clock), or Long.MAX_VALUE while it is not leader. */
    public long leaderSinceMillis() {
        return leaderSinceMillis;
    }

    public String selfId() {
        return selfId.toString();
    }

    /** The index of the last entry this member applied, for tests and status. */
    public long lastAppliedIndex() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getLastAppliedIndex();
    }

    private DivisionInfo info() {
        try {
            return server == null ? null : server.getDivision(group.getGroupId()).getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    /** Leaves the group and closes the store; safe to call twice. */
    @Override
    public void close() {
        try {
            RaftClient last = client.getAndSet(null);
            if (last != null) {
                last.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.warn("controller {} did not close cleanly: {}", selfId, e.toString());
        }
        server = null;
    }
}
