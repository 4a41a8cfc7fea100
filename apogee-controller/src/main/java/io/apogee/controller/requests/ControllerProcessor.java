package io.apogee.controller.requests;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.common.log.LogText;
import io.apogee.controller.ControllerCodes;
import io.apogee.controller.election.BrokerLiveness;
import io.apogee.controller.election.Elector;
import io.apogee.controller.raft.RaftNode;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.Outcome;
import io.apogee.controller.state.ReplicaState;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.body.PropertiesBody;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serves RocketMQ 5.3.3's controller requests. Only the leader answers them (its state is the group's latest),
 * except CONTROLLER_GET_METADATA_INFO and GET_CONTROLLER_CONFIG, which every controller answers; the others
 * answer CONTROLLER_NOT_LEADER naming the leader's address, as a broker then asks the metadata to find it.
 * Changes are written to the Raft log and answered once applied, from Ratis's reply thread.
 *
 * <p>Thread safety: request threads; state is read from immutable {@link BrokerGroup} values.
 */
public final class ControllerProcessor implements RequestProcessor {

    public static final int[] CODES = {ControllerCodes.BROKER_HEARTBEAT, ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
            ControllerCodes.CONTROLLER_ELECT_MASTER, ControllerCodes.CONTROLLER_REGISTER_BROKER,
            ControllerCodes.CONTROLLER_GET_REPLICA_INFO, ControllerCodes.CONTROLLER_GET_METADATA_INFO,
            ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA, ControllerCodes.GET_CONTROLLER_CONFIG,
            ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID, ControllerCodes.CONTROLLER_APPLY_BROKER_ID,
            ControllerCodes.CLEAN_BROKER_DATA};

    private static final Logger LOG = LoggerFactory.getLogger(ControllerProcessor.class);

    private final RaftNode node;
    private final ReplicaState state;
    private final BrokerLiveness liveness;
    private final Elector elector;
    private final Consumer<BrokerGroup> elected;
    private final String group;
    private final String peers;
    private final Supplier<Map<String, String>> settings;

    /** @param elected told each group that got a new master through an elect request, as applied */
    public ControllerProcessor(RaftNode node, ReplicaState state, BrokerLiveness liveness, Elector elector,
                               String group, String peers, Supplier<Map<String, String>> settings,
                               Consumer<BrokerGroup> elected) {
        this.elected = elected;
        this.node = node;
        this.state = state;
        this.liveness = liveness;
        this.elector = elector;
        this.group = group;
        this.peers = peers;
        this.settings = settings;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        int code = request.code();
        if (code == ControllerCodes.CONTROLLER_GET_METADATA_INFO) {
            return metadata(request);
        }
        if (code == ControllerCodes.GET_CONTROLLER_CONFIG) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(PropertiesBody.encode(settings.get()));
        }
        if (!node.isLeaderReady()) {
            return notLeader(request);
        }
        Map<String, String> f = HeaderFields.of(request);
        try {
            return switch (code) {
                case ControllerCodes.BROKER_HEARTBEAT -> heartbeat(context, request, f);
                case ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID -> nextBrokerId(request, f);
                case ControllerCodes.CONTROLLER_APPLY_BROKER_ID -> applyBrokerId(context, request, f);
                case ControllerCodes.CONTROLLER_REGISTER_BROKER -> register(context, request, f);
                case ControllerCodes.CONTROLLER_ELECT_MASTER -> elect(context, request, f);
                case ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET -> alterSyncStateSet(context, request, f);
                case ControllerCodes.CONTROLLER_GET_REPLICA_INFO -> replicaInfo(request, f);
                case ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA -> syncStateData(request);
                case ControllerCodes.CLEAN_BROKER_DATA -> clean(context, request, f);
                default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "request code " + code + " is not a controller request");
            };
        } catch (ProtocolException | IllegalArgumentException | JSONException e) {
            LOG.warn("controller request {} from {} refused: {}", code, context.remoteAddress(),
                    LogText.escape(e.getMessage()));
            return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_INVALID_REQUEST, e.getMessage());
        }
    }

    private RemotingCommand metadata(RemotingCommand request) {
        String leaderId = node.leaderId();
        String leaderAddress = leaderId == null ? null : state.controllerAddress(leaderId);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        HeaderFields.put(HeaderFields.writable(response), "group", group);
        HeaderFields.put(HeaderFields.writable(response), "controllerLeaderId", leaderId);
        HeaderFields.put(HeaderFields.writable(response), "controllerLeaderAddress", leaderAddress);
        HeaderFields.put(HeaderFields.writable(response), "isLeader", node.isLeaderReady());
        HeaderFields.put(HeaderFields.writable(response), "peers", peers);
        return response;
    }

    private RemotingCommand notLeader(RemotingCommand request) {
        String leaderId = node.leaderId();
        String address = leaderId == null ? null : state.controllerAddress(leaderId);
        return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_NOT_LEADER, "controller "
                + node.selfId() + " is not the leader; the leader is " + (leaderId == null ? "not elected yet"
                : leaderId + " at " + address));
    }

    private RemotingCommand heartbeat(RequestContext context, RemotingCommand request, Map<String, String> f) {
        String header = "BROKER_HEARTBEAT header";
        liveness.heard(HeaderFields.requireString(f, "brokerName", header),
                HeaderFields.requireLong(f, "brokerId", header),
                HeaderFields.optionalLong(f, "heartbeatTimeoutMills", header),
                HeaderFields.optionalInt(f, "epoch", header), HeaderFields.optionalLong(f, "maxOffset", header),
                HeaderFields.optionalInt(f, "electionPriority", header), context.connection());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand nextBrokerId(RemotingCommand request, Map<String, String> f) {
        String header = "CONTROLLER_GET_NEXT_BROKER_ID header";
        String cluster = HeaderFields.requireString(f, "clusterName", header);
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        BrokerGroup known = state.group(brokerName);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        Map<String, String> out = HeaderFields.writable(response);
        HeaderFields.put(out, "clusterName", cluster);
        HeaderFields.put(out, "brokerName", brokerName);
        HeaderFields.put(out, "nextBrokerId", known == null ? 1L : known.nextBrokerId());
        return response;
    }

    private RemotingCommand applyBrokerId(RequestContext context, RemotingCommand request, Map<String, String> f) {
        String header = "CONTROLLER_APPLY_BROKER_ID header";
        String cluster = HeaderFields.requireString(f, "clusterName", header);
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        long brokerId = HeaderFields.requireLong(f, "appliedBrokerId", header);
        // RocketMQ's check code is "address;time": the address is what ties the id to one broker.
        String address = HeaderFields.requireString(f, "registerCheckCode", header).split(";", 2)[0];
        return submit(context, request, Command.applyBrokerId(cluster, brokerName, brokerId, address), outcome -> {
            RemotingCommand response = answer(request, outcome);
            HeaderFields.put(HeaderFields.writable(response), "clusterName", cluster);
            HeaderFields.put(HeaderFields.writable(response), "brokerName", brokerName);
            return response;
        });
    }

    private RemotingCommand register(RequestContext context, RemotingCommand request, Map<String, String> f) {
        String header = "CONTROLLER_REGISTER_BROKER header";
        String cluster = HeaderFields.requireString(f, "clusterName", header);
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        long brokerId = HeaderFields.requireLong(f, "brokerId", header);
        String address = HeaderFields.requireString(f, "brokerAddress", header);
        liveness.heard(brokerName, brokerId, null, null, null, null, context.connection());
        return submit(context, request, Command.register(cluster, brokerName, brokerId, address), outcome -> {
            BrokerGroup registered = outcome.group();
            // RocketMQ names the master only while it is alive (otherwise the broker asks for an election), and
            // always answers the in-sync set as the body, which its brokers decode without a null check.
            RemotingCommand response = answer(request, outcome);
            if (registered != null && elector.masterAlive(registered)) {
                withMaster(response, registered);
            }
            HeaderFields.put(HeaderFields.writable(response), "clusterName", cluster);
            HeaderFields.put(HeaderFields.writable(response), "brokerName", brokerName);
            return registered == null ? response : response.body(ControllerBodies.syncStateSet(registered));
        });
    }

    private RemotingCommand elect(RequestContext context, RemotingCommand request, Map<String, String> f) {
        String header = "CONTROLLER_ELECT_MASTER header";
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        Long brokerId = HeaderFields.optionalLong(f, "brokerId", header);
        boolean designated = Boolean.TRUE.equals(HeaderFields.optionalBoolean(f, "designateElect", header));
        BrokerGroup current = state.group(brokerName);
        if (current == null) {
            return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST,
                    "no broker group " + brokerName);
        }
        Command command;
        if (designated) {
            if (brokerId == null || !elector.eligible(current, brokerId)) {
                // As RocketMQ's failed elections: neither the master's header fields nor a body.
                return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_ELECT_MASTER_FAILED,
                        "brokerId " + brokerId + " of " + brokerName + " is not an alive in-sync replica");
            }
            command = Command.elect(brokerName, brokerId, current.masterEpoch(),
                    !current.syncStateSet().contains(brokerId));
        } else if (elector.masterAlive(current)) {
            return withMaster(RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_MASTER_STILL_EXIST,
                    "the master " + current.masterBrokerId() + " of " + brokerName + " is alive"), current)
                    .body(ControllerBodies.inSyncOnly(current));
        } else {
            command = elector.decide(current, brokerId);
        }
        return submit(context, request, command, outcome -> {
            if (!outcome.ok() || outcome.group() == null) {
                return answer(request, outcome);
            }
            elected.accept(outcome.group());
            return withMaster(answer(request, outcome), outcome.group())
                    .body(ControllerBodies.electMaster(outcome.group()));
        });
    }

    private RemotingCommand alterSyncStateSet(RequestContext context, RemotingCommand request,
                                              Map<String, String> f) {
        String header = "CONTROLLER_ALTER_SYNC_STATE_SET header";
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        long masterId = HeaderFields.requireLong(f, "masterBrokerId", header);
        int masterEpoch = HeaderFields.requireInt(f, "masterEpoch", header);
        JSONObject body = JSON.parseObject(request.body());
        if (body == null || body.getJSONArray("syncStateSet") == null) {
            throw new IllegalArgumentException("CONTROLLER_ALTER_SYNC_STATE_SET body: a SyncStateSet is required");
        }
        Set<Long> set = new TreeSet<>(body.getJSONArray("syncStateSet").toJavaList(Long.class));
        int setEpoch = body.getIntValue("syncStateSetEpoch");
        BrokerGroup current = state.group(brokerName);
        if (current != null) {
            for (Long id : set) {
                if (!elector.alive(current, id)) {
                    return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_BROKER_NOT_ALIVE,
                            "replica " + id + " of " + brokerName + " is not alive");
                }
            }
        }
        return submit(context, request, Command.alterSyncStateSet(brokerName, masterId, masterEpoch, setEpoch, set),
                outcome -> {
                    RemotingCommand response = answer(request, outcome);
                    if (outcome.group() != null) {
                        HeaderFields.put(HeaderFields.writable(response), "newSyncStateSetEpoch",
                                outcome.group().syncStateSetEpoch());
                        response.body(ControllerBodies.syncStateSet(outcome.group()));
                    }
                    return response;
                });
    }

    private RemotingCommand replicaInfo(RemotingCommand request, Map<String, String> f) {
        String brokerName = HeaderFields.requireString(f, "brokerName", "CONTROLLER_GET_REPLICA_INFO header");
        BrokerGroup current = state.group(brokerName);
        if (current == null) {
            return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST,
                    "no broker group " + brokerName);
        }
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        HeaderFields.put(HeaderFields.writable(response), "masterBrokerId", current.masterBrokerId());
        HeaderFields.put(HeaderFields.writable(response), "masterAddress", current.masterAddress());
        HeaderFields.put(HeaderFields.writable(response), "masterEpoch", current.masterEpoch());
        return response.body(ControllerBodies.syncStateSet(current));
    }

    private RemotingCommand syncStateData(RemotingCommand request) {
        List<String> names = request.body() == null ? List.of()
                : JSON.parseArray(new String(request.body(), StandardCharsets.UTF_8), String.class);
        List<BrokerGroup> groups = new ArrayList<>();
        for (String name : names) {
            BrokerGroup found = state.group(name);
            if (found != null) {
                groups.add(found);
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(ControllerBodies.replicasInfo(groups, elector));
    }

    /**
     * Forgets members of a group (brokerControllerIdsToClean, "1;2;3") or the whole group. Unless
     * isCleanLivingBroker, a member still sending heartbeats is kept, and so is a whole group that has a master,
     * as RocketMQ refuses them.
     */
    private RemotingCommand clean(RequestContext context, RemotingCommand request, Map<String, String> f) {
        String header = "CLEAN_BROKER_DATA header";
        String brokerName = HeaderFields.requireString(f, "brokerName", header);
        String idsText = f.get("brokerControllerIdsToClean");
        boolean living = Boolean.TRUE.equals(HeaderFields.optionalBoolean(f, "isCleanLivingBroker", header));
        Set<Long> ids = new TreeSet<>();
        if (idsText != null && !idsText.isBlank()) {
            for (String id : idsText.split(";")) {
                try {
                    ids.add(Long.parseLong(id.trim()));
                } catch (NumberFormatException e) {
                    return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                            "brokerControllerIdsToClean must be brokerIds separated by ';', not " + idsText);
                }
            }
        }
        BrokerGroup current = state.group(brokerName);
        if (!living && current != null) {
            if (ids.isEmpty() && current.masterBrokerId() != null) {
                return RemotingCommand.responseTo(request, ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                        "broker group " + brokerName + " still has a master (" + current.masterBrokerId()
                                + "); name the brokerIds to clean, or clean living brokers");
            }
            for (Long id : ids) {
                if (elector.alive(current, id)) {
                    return RemotingCommand.responseTo(request,
                            ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                            "broker " + id + " of " + brokerName + " is alive; clean living brokers to remove it");
                }
            }
        }
        return submit(context, request, Command.clean(brokerName, ids), outcome -> {
            if (outcome.ok()) {
                LOG.info("controller metadata of {} cleaned ({}) at the request of {}", brokerName,
                        ids.isEmpty() ? "the whole group" : "brokerIds " + ids, context.remoteAddress());
            }
            return answer(request, outcome);
        });
    }

    /** Writes {@code command} and answers from its outcome once applied. */
    private RemotingCommand submit(RequestContext context, RemotingCommand request, Command command,
                                   Function<Outcome, RemotingCommand> answer) {
        node.submit(command).whenComplete((outcome, failure) -> {
            if (failure != null) {
                LOG.warn("controller command {} for {} failed: {}", command.type(), context.remoteAddress(),
                        failure.toString());
                context.respond(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "the controller group did not apply the change: " + failure.getMessage()));
            } else {
                context.respond(answer.apply(outcome));
            }
        });
        return null;
    }

    private static RemotingCommand answer(RemotingCommand request, Outcome outcome) {
        return RemotingCommand.responseTo(request, outcome.code(), outcome.remark());
    }

    /** Adds the group's master and epochs to the response's header, as RocketMQ's answers carry them. */
    private static RemotingCommand withMaster(RemotingCommand response, BrokerGroup group) {
        if (group != null) {
            Map<String, String> out = HeaderFields.writable(response);
            HeaderFields.put(out, "masterBrokerId", group.masterBrokerId());
            HeaderFields.put(out, "masterAddress", group.masterAddress());
            HeaderFields.put(out, "masterEpoch", group.masterEpoch());
            HeaderFields.put(out, "syncStateSetEpoch", group.syncStateSetEpoch());
        }
        return response;
    }
}
