package io.apogee.protocol.golden;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes every captured frame listed in INDEX.md and checks what the index says about it: code,
 * opaque, flag, serialize type, header and body length, the summarised header fields, remark and
 * body. Then re-encodes it: binary headers must give the captured bytes, JSON headers an equal
 * command (the official side writes extFields in hash order, so bytes cannot match).
 */
class GoldenFrameTest {

    private static final List<GoldenIndex.Entry> ENTRIES = GoldenIndex.parse(GoldenFrames.index());
    private static final int MAGIC_V2 = 0xDAA320AB;

    @Test
    void indexListsEveryCapturedFrame() throws Exception {
        java.io.File dir = new java.io.File(GoldenFrames.class.getResource("/golden/INDEX.md").toURI()).getParentFile();
        String[] files = dir.list((d, name) -> name.endsWith(".bin"));
        assertThat(ENTRIES).extracting(GoldenIndex.Entry::file).containsExactlyInAnyOrder(files);
        assertThat(ENTRIES).hasSize(289);
        assertThat(ENTRIES).extracting(GoldenIndex.Entry::serializeType).contains("JSON", "ROCKETMQ");
    }

    @TestFactory
    Stream<DynamicTest> everyFrameMatchesItsIndexEntry() {
        return ENTRIES.stream().map(entry -> DynamicTest.dynamicTest(entry.file(), () -> check(entry)));
    }

    private static void check(GoldenIndex.Entry entry) {
        byte[] bytes = GoldenFrames.bytes(entry.file());
        RemotingCommand command = FrameCodec.decodeFrame(ByteBuffer.wrap(bytes));

        assertThat(command.code()).as("code").isEqualTo(entry.code());
        assertThat(command.opaque()).as("opaque").isEqualTo(entry.opaque());
        assertThat(command.flag()).as("flag").isEqualTo(entry.flag());
        assertThat(command.serializeType().name()).as("serialize type").isEqualTo(entry.serializeType());
        assertThat(ByteBuffer.wrap(bytes).getInt(4) & 0xFFFFFF).as("header length").isEqualTo(entry.headerLength());
        int bodyLength = command.body() == null ? 0 : command.body().length;
        assertThat(bodyLength).as("body length").isEqualTo(entry.bodyLength());
        assertThat(command.isResponse()).isEqualTo((entry.flag() & 1) != 0);

        entry.fields().forEach((key, expected) -> {
            String actual = command.extField(key);
            assertThat(actual).as("extField %s", key).isNotNull();
            if (expected.endsWith("...")) {
                assertThat(actual).as("extField %s", key).startsWith(expected.substring(0, expected.length() - 3));
            } else {
                assertThat(actual).as("extField %s", key).isEqualTo(expected);
            }
        });
        if (entry.remark() != null) {
            // The index shows the remark's first line, cut at 70 characters.
            assertThat(command.remark()).as("remark").startsWith(entry.remark());
            if (entry.remark().length() < 70) {
                assertThat(command.remark().split("\n")[0]).as("remark").isEqualTo(entry.remark());
            }
        }
        if (entry.body() != null) {
            checkBody(entry.body(), command.body());
        }
        checkReencoding(command, bytes);
    }

    private static void checkBody(String summary, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (summary.startsWith("{") || summary.startsWith("[")) {
            if (summary.endsWith("...")) {
                assertThat(text).startsWith(summary.substring(0, summary.length() - 3));
            } else {
                assertThat(text).isEqualTo(summary);
            }
        } else if (summary.startsWith("'")) {
            assertThat(text).isEqualTo(summary.substring(1, summary.length() - 1));
        } else if (summary.startsWith("batch-encoded messages")) {
            assertThat(summary).isEqualTo("batch-encoded messages (" + body.length + " B)");
        } else if (summary.contains(" msg(s) topic=")) {
            int count = Integer.parseInt(summary.substring(0, summary.indexOf(' ')));
            String topic = summary.substring(summary.indexOf("topic=") + "topic=".length());
            assertThat(storedTopics(body)).hasSize(count).containsOnly(topic);
        } else {
            throw new AssertionError("unknown body summary: " + summary);
        }
    }

    /** Walks stored-format records far enough to read each one's topic. */
    private static List<String> storedTopics(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        List<String> topics = new ArrayList<>();
        int position = 0;
        while (position < body.length) {
            int totalSize = buffer.getInt(position);
            int magic = buffer.getInt(position + 4);
            int sysFlag = buffer.getInt(position + 36);
            int bornHost = (sysFlag & 0x10) != 0 ? 20 : 8;
            int storeHost = (sysFlag & 0x20) != 0 ? 20 : 8;
            int at = position + 48 + bornHost + 8 + storeHost + 4 + 8;
            at += 4 + buffer.getInt(at);
            int topicLength = magic == MAGIC_V2 ? buffer.getShort(at) : buffer.get(at);
            at += magic == MAGIC_V2 ? 2 : 1;
            topics.add(new String(body, at, topicLength, StandardCharsets.UTF_8));
            assertThat(totalSize).isPositive();
            position += totalSize;
        }
        assertThat(position).isEqualTo(body.length);
        return topics;
    }

    private static void checkReencoding(RemotingCommand command, byte[] captured) {
        byte[] encoded = FrameCodec.encode(command);
        if (command.serializeType() == SerializeType.ROCKETMQ) {
            assertThat(encoded).as("re-encoded binary frame").isEqualTo(captured);
        } else {
            Commands.assertEqual(FrameCodec.decodeFrame(ByteBuffer.wrap(encoded)), command);
        }
    }
}
