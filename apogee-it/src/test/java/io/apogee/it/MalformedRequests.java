package io.apogee.it;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.apogee.protocol.header.SendMessageRequestHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of requests no well-behaved client sends: well-formed frames whose content is wrong
 * (unknown codes, missing and mistyped fields, absurd queue ids, illegal names, huge headers, garbage
 * bodies), and frames that are not frames at all (bad lengths, truncation, flipped bits).
 */
final class MalformedRequests {

    /** Codes a broker or name server serves, as the base of each mutated request. */
    private static final int[] CODES = {
        RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.PULL_MESSAGE,
        RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET, RequestCode.HEART_BEAT,
        RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.LOCK_BATCH_MQ, RequestCode.END_TRANSACTION,
        RequestCode.CONSUMER_SEND_MSG_BACK, RequestCode.QUERY_MESSAGE, RequestCode.VIEW_MESSAGE_BY_ID,
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_MAX_OFFSET, RequestCode.GET_ROUTEINFO_BY_TOPIC,
        RequestCode.REGISTER_BROKER, RequestCode.GET_KV_CONFIG, RequestCode.GET_BROKER_CLUSTER_INFO,
    };
    private static final String[] ILLEGAL_NAMES = {
        "", "bad topic", "x".repeat(300), "line\nbreak", "%RETRY%", "tab\there", "\u0000nul", "$#@!",
    };
    private static final String[] WRONG_VALUES = {"abc", "", "1e99", "-1", "2147483648", "true", "null", "{}"};

    private final Random random;

    MalformedRequests(long seed) {
        random = new Random(seed);
    }

    /** A frame the server can cut from the stream, whose request is wrong in one or more ways. */
    byte[] wellFramedButWrong() {
        RemotingCommand command = base(CODES[random.nextInt(CODES.length)]);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutate(command);
        }
        if (random.nextInt(10) == 0) {
            command.markOneway();
        }
        if (random.nextInt(4) == 0) {
            command.serializeType(SerializeType.ROCKETMQ);
        }
        return FrameCodec.encode(command);
    }

    /** Bytes that break the framing itself: the server can only close the connection. */
    byte[] brokenFrame() {
        byte[] valid = FrameCodec.encode(base(CODES[random.nextInt(CODES.length)]));
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] noise = new byte[1 + random.nextInt(256)];
                random.nextBytes(noise);
                return noise;
            }
            case 1 -> {
                ByteBuffer huge = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE - random.nextInt(1000))
                        .putInt(random.nextInt());
                return huge.array();
            }
            case 2 -> {
                ByteBuffer tiny = ByteBuffer.allocate(8).putInt(random.nextInt(4)).putInt(0);
                return tiny.array();
            }
            case 3 -> {
                return java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            }
            default -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return valid;
            }
        }
    }

    private RemotingCommand base(int code) {
        if (code == RequestCode.SEND_MESSAGE_V2 || code == RequestCode.SEND_BATCH_MESSAGE) {
            return new SendMessageRequestHeader("fuzz_producer", "FuzzTopic", "TBW102", 4, random.nextInt(4), 0,
                    System.currentTimeMillis(), 0, "UNIQ_KEY\u0001F" + random.nextInt() + "\u0002", 0, false, false,
                    null, "broker-a").applyTo(RemotingCommand.request(code)).body(bytes(1 + random.nextInt(64)));
        }
        RemotingCommand command = RemotingCommand.request(code);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("topic", "FuzzTopic");
        fields.put("consumerGroup", "fuzz_group");
        fields.put("queueId", Integer.toString(random.nextInt(4)));
        fields.put("queueOffset", Long.toString(random.nextInt(100)));
        fields.put("commitOffset", "0");
        fields.put("maxMsgNums", "32");
        fields.put("sysFlag", "0");
        fields.put("suspendTimeoutMillis", "0");
        fields.put("subVersion", "0");
        fields.put("offset", Long.toString(random.nextInt(1000)));
        fields.put("key", "k" + random.nextInt(10));
        fields.put("maxNum", "32");
        fields.put("beginTimestamp", "0");
        fields.put("endTimestamp", Long.toString(System.currentTimeMillis()));
        fields.put("timestamp", Long.toString(System.currentTimeMillis()));
        fields.put("namespace", "ns");
        fields.forEach(command::putExtField);
        if (random.nextBoolean()) {
            command.body(bytes(random.nextInt(128)));
        }
        return command;
    }

    private void mutate(RemotingCommand command) {
        Map<String, String> fields = command.extFields();
        List<String> keys = fields == null ? List.of() : new ArrayList<>(fields.keySet());
        switch (random.nextInt(7)) {
            case 0 -> command.code(30_000 + random.nextInt(30_000));
            case 1 -> {
                if (!keys.isEmpty()) {
                    fields.remove(keys.get(random.nextInt(keys.size())));
                }
            }
            case 2 -> {
                if (!keys.isEmpty()) {
                    fields.put(keys.get(random.nextInt(keys.size())), WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]);
                }
            }
            case 3 -> {
                String absurd = Integer.toString(random.nextBoolean() ? Integer.MAX_VALUE : -1 - random.nextInt(100));
                command.putExtField("queueId", absurd);
                command.putExtField("e", absurd);
            }
            case 4 -> {
                String name = ILLEGAL_NAMES[random.nextInt(ILLEGAL_NAMES.length)];
                command.putExtField(random.nextBoolean() ? "topic" : "consumerGroup", name);
                command.putExtField("b", name);
            }
            case 5 -> {
                if (random.nextInt(20) == 0) {
                    String value = "v".repeat(1024);
                    for (int i = 0; i < 200; i++) {
                        command.putExtField("junk" + i, value);
                    }
                }
            }
            default -> command.body(json(random.nextInt(3)));
        }
    }

    private byte[] json(int shape) {
        String text = switch (shape) {
            case 0 -> "{\"clientID\":" + random.nextInt() + ",\"consumerDataSet\":\"not a list\"}";
            case 1 -> "{\"mqSet\":[{\"topic\":null,\"queueId\":\"x\"}],\"consumerGroup\":[]}";
            default -> "{".repeat(1 + random.nextInt(50));
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
