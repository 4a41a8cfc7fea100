package io.apogee.controller;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the requests that two brokers and the official admin tools sent to a real Apache RocketMQ 5.3.3
 * controller (golden/controller, captured through a recording proxy; its INDEX.md says how) against a group of
 * these controllers, in capture order and over one connection per captured connection, and holds each answer
 * against RocketMQ's: the same response code, the same header field names with equal values (but for the ones
 * that name the controllers themselves), and the same JSON body down to every key and value. Also checks that the
 * captured requests carry every header field the controller reads, so it is fed what the official side sends.
 */
class RocketMqControllerFramesTest {

    private static final String DIR = "/golden/controller/";

    /**
     * Header fields of RocketMQ's answers whose values name the controllers, not the broker groups: its group of
     * one ran as n0 behind a proxy, ours has three members on other ports. Only their presence is compared.
     */
    private static final Set<String> CONTROLLER_IDENTITY = Set.of("controllerLeaderId", "controllerLeaderAddress",
            "peers");

    /**
     * GET_CONTROLLER_CONFIG: RocketMQ answers its whole ControllerConfig and Netty server config (about fifty
     * keys, most of them of DLedger, metrics or Netty tuning with no counterpart here). Compared: that every key
     * this controller has under RocketMQ's name is answered, and that the values set alike in both runs are equal.
     */
    private static final Set<String> CONFIG_SET_ALIKE = Set.of("controllerDLegerGroup", "bindAddress",
            "scanInactiveMasterInterval", "enableElectUncleanMaster", "notifyBrokerRoleChanged",
            "controllerThreadPoolNums");

    /**
     * Where this controller answers differently on purpose. 0053 cleans brokerId 1 of broker-a with
     * isCleanLivingBroker=true; RocketMQ 5.3.3 only reads brokerControllerIdsToClean when living brokers are
     * spared, so it forgot the whole group, while this controller forgets the brokerId it was given. The two
     * answers after it show the difference and are checked for this controller's state instead.
     */
    private static final Set<String> AFTER_CLEANING_ONE_LIVING_BROKER = Set.of(
            "0058-controller-to-admin-CONTROLLER_GET_SYNC_STATE_DATA-response-SUCCESS.bin",
            "0060-controller-to-broker-CONTROLLER_GET_REPLICA_INFO-response-CONTROLLER_BROKER_METADATA_NOT_EXIST.bin");

    @TempDir
    Path folder;
    private ControllerGroup group;
    private final Map<Integer, RemotingClient> connections = new HashMap<>();

    @AfterEach
    void stop() {
        connections.values().forEach(RemotingClient::shutdown);
        if (group != null) {
            group.close();
        }
    }

    @Test
    void answersTheCapturedRequestsAsRocketMqsControllerDid() throws Exception {
        // The same group name as the capture's, so the metadata's "group" can be compared.
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000).group("group1"));
        Controller leader = group.leader();
        List<Frame> frames = frames();
        int compared = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame request = frames.get(i);
            if (request.command().isResponse()) {
                continue;
            }
            Frame official = responseTo(frames, i);
            RemotingCommand ours = connection(request.conn()).invokeSync(leader.remotingAddress(),
                    RemotingCommand.request(request.command().code()).extFields(fields(request.command()))
                            .body(request.command().body()), 15_000);
            if (AFTER_CLEANING_ONE_LIVING_BROKER.contains(official.file())) {
                assertOnlyTheCleanedBrokerIsGone(official, ours);
            } else {
                assertSameAnswer(request.command().code(), official, ours, leader);
            }
            compared++;
        }
        assertThat(compared).as("requests replayed").isEqualTo(30);
    }

    @Test
    void theCapturedRequestsCarryEveryFieldTheControllerReads() {
        Map<Integer, List<String>> reads = Map.of(
                ControllerCodes.BROKER_HEARTBEAT, List.of("brokerName", "brokerId", "heartbeatTimeoutMills", "epoch",
                        "maxOffset", "electionPriority"),
                ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID, List.of("clusterName", "brokerName"),
                ControllerCodes.CONTROLLER_APPLY_BROKER_ID, List.of("clusterName", "brokerName", "appliedBrokerId",
                        "registerCheckCode"),
                ControllerCodes.CONTROLLER_REGISTER_BROKER, List.of("clusterName", "brokerName", "brokerId",
                        "brokerAddress"),
                ControllerCodes.CONTROLLER_ELECT_MASTER, List.of("brokerName", "brokerId", "designateElect"),
                ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET, List.of("brokerName", "masterBrokerId",
                        "masterEpoch"),
                ControllerCodes.CONTROLLER_GET_REPLICA_INFO, List.of("brokerName"),
                ControllerCodes.CLEAN_BROKER_DATA, List.of("brokerName", "brokerControllerIdsToClean",
                        "isCleanLivingBroker"));
        Set<Integer> seen = new TreeSet<>();
        for (Frame frame : frames()) {
            RemotingCommand command = frame.command();
            if (command.isResponse()) {
                continue;
            }
            seen.add(command.code());
            Map<String, String> fields = fields(command);
            assertThat(fields).as(frame.file()).containsKeys(reads.getOrDefault(command.code(), List.of())
                    .toArray(String[]::new));
            switch (command.code()) {
                // The controller ties an applied id to the broker address before the ';' of the check code.
                case ControllerCodes.CONTROLLER_APPLY_BROKER_ID ->
                        assertThat(fields.get("registerCheckCode")).as(frame.file()).matches("[^;]+:\\d+;\\d+");
                case ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET ->
                        assertThat(JSON.parseObject(command.body())).as(frame.file())
                                .containsKeys("syncStateSet", "syncStateSetEpoch");
                case ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA ->
                        assertThat(JSON.parseArray(new String(command.body(), StandardCharsets.UTF_8), String.class))
                                .as(frame.file()).containsExactly("broker-a");
                default -> {
                }
            }
        }
        assertThat(seen).as("request codes captured").containsExactly(ControllerCodes.BROKER_HEARTBEAT,
                ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET, ControllerCodes.CONTROLLER_ELECT_MASTER,
                ControllerCodes.CONTROLLER_REGISTER_BROKER, ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
                ControllerCodes.CONTROLLER_GET_METADATA_INFO, ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA,
                ControllerCodes.GET_CONTROLLER_CONFIG, ControllerCodes.CLEAN_BROKER_DATA,
                ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID, ControllerCodes.CONTROLLER_APPLY_BROKER_ID);
    }

    private static void assertSameAnswer(int requestCode, Frame official, RemotingCommand ours, Controller leader) {
        RemotingCommand theirs = official.command();
        String as = official.file() + " (ours: " + ours + ")";
        assertThat(ours.code()).as(as).isEqualTo(theirs.code());
        Map<String, String> theirFields = fields(theirs);
        Map<String, String> ourFields = fields(ours);
        assertThat(ourFields.keySet()).as(as).containsExactlyInAnyOrderElementsOf(theirFields.keySet());
        theirFields.forEach((key, value) -> {
            if (!CONTROLLER_IDENTITY.contains(key)) {
                assertThat(ourFields.get(key)).as(as + " " + key).isEqualTo(value);
            }
        });
        if (theirFields.containsKey("controllerLeaderAddress")) {
            assertThat(ourFields.get("controllerLeaderAddress")).as(as).isEqualTo(leader.remotingAddress());
        }
        if (requestCode == ControllerCodes.GET_CONTROLLER_CONFIG) {
            assertSameConfig(as, theirs.body(), ours.body());
        } else if (theirs.body() == null || theirs.body().length == 0) {
            assertThat(ours.body() == null ? 0 : ours.body().length).as(as + " body length").isZero();
        } else {
            assertThat(ours.body()).as(as + " body").isNotNull();
            assertThat(tree(JSON.parse(ours.body()))).as(as + " body").isEqualTo(tree(JSON.parse(theirs.body())));
        }
    }

    private static void assertSameConfig(String as, byte[] theirBody, byte[] ourBody) {
        Properties theirs = properties(theirBody);
        Properties ours = properties(ourBody);
        List<String> shared = new ArrayList<>(ControllerConfig.table().names());
        shared.retainAll(theirs.stringPropertyNames());
        assertThat(shared).as(as + " keys RocketMQ and this controller share").contains("controllerDLegerGroup",
                "controllerDLegerPeers", "controllerDLegerSelfId", "listenPort", "controllerStorePath");
        assertThat(ours.stringPropertyNames()).as(as).containsAll(shared);
        for (String key : CONFIG_SET_ALIKE) {
            assertThat(ours.getProperty(key)).as(as + " " + key).isEqualTo(theirs.getProperty(key));
        }
    }

    /**
     * After 0053 RocketMQ had no broker-a any more; this controller still has brokerId 2, its master, in sync.
     * The answers must be those of that state, in the shapes RocketMQ uses for a group it knows.
     */
    private static void assertOnlyTheCleanedBrokerIsGone(Frame official, RemotingCommand ours) {
        RemotingCommand theirs = official.command();
        if (theirs.code() == ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST) {
            assertThat(ours.code()).as(official.file()).isEqualTo(0);
            assertThat(ours.extFields()).containsEntry("masterBrokerId", "2").containsEntry("masterEpoch", "2")
                    .containsEntry("masterAddress", "127.0.0.1:10921");
            assertThat(JSON.parseObject(ours.body()).getJSONArray("syncStateSet").toJavaList(Long.class))
                    .containsExactly(2L);
        } else {
            assertThat(JSON.parseObject(theirs.body()).getJSONObject("replicasInfoTable")).isEmpty();
            JSONObject info = JSON.parseObject(ours.body()).getJSONObject("replicasInfoTable")
                    .getJSONObject("broker-a");
            assertThat(info.getLongValue("masterBrokerId")).isEqualTo(2L);
            assertThat(info.getJSONArray("inSyncReplicas")).hasSize(1);
            assertThat(info.getJSONArray("notInSyncReplicas")).isEmpty();
        }
    }

    /** A JSON value with every map sorted and its keys as text, so bare and quoted keys compare alike. */
    private static Object tree(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), tree(v)));
            return sorted;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(RocketMqControllerFramesTest::tree).toList();
        }
        return json instanceof Number number ? number.longValue() : json;
    }

    private static Properties properties(byte[] body) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** A copy of the command's header fields; empty when it has none. */
    private static Map<String, String> fields(RemotingCommand command) {
        return command.extFields() == null ? new HashMap<>() : new HashMap<>(command.extFields());
    }

    private RemotingClient connection(int conn) {
        return connections.computeIfAbsent(conn, c -> {
            RemotingClient client = new RemotingClient(new ClientConfig());
            client.start();
            return client;
        });
    }

    /** The response on the same captured connection with the request's opaque. */
    private static Frame responseTo(List<Frame> frames, int requestAt) {
        Frame request = frames.get(requestAt);
        for (int j = requestAt + 1; j < frames.size(); j++) {
            Frame candidate = frames.get(j);
            if (candidate.conn() == request.conn() && candidate.command().isResponse()
                    && candidate.command().opaque() == request.command().opaque()) {
                return candidate;
            }
        }
        throw new AssertionError("no captured response to " + request.file());
    }

    record Frame(String file, int conn, RemotingCommand command) {
    }

    /** The frames listed in INDEX.md, in capture order. */
    static List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (String line : new String(bytes("INDEX.md"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("| ") || !line.contains(".bin |")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            String file = cells[0].substring(2).trim();
            frames.add(new Frame(file, Integer.parseInt(cells[1].trim()),
                    FrameCodec.decodeFrame(ByteBuffer.wrap(bytes(file)))));
        }
        assertThat(frames).as("frames in INDEX.md").hasSize(60);
        return frames;
    }

    private static byte[] bytes(String file) {
        try (InputStream in = RocketMqControllerFramesTest.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden frame " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
