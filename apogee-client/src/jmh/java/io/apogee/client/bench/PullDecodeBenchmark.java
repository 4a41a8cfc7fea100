package io.apogee.client.bench;

import io.apogee.client.message.MessageDecoder;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.message.BatchMessage;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.protocol.message.StoredMessageLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decoding one pull response body of 32 stored messages of 1 KiB each (one topic, one producer, one
 * broker, the properties a producer sets), as a push consumer does for every pull: Apogee's
 * {@link MessageDecoder} against the official client's {@code MessageDecoder.decodes}. The {@code InnerBatch}
 * pair decodes the same 32 messages stored whole as one record (a BatchCQ topic), unwrapped as each client
 * does it.
 *
 * <p>Run: {@code mvn -pl apogee-client -am test-compile exec:exec -Pjmh -Djmh.args="PullDecodeBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PullDecodeBenchmark {

    private static final int MESSAGES = 32;

    private byte[] body;
    private byte[] innerBatchBody;

    @Setup
    public void setUp() {
        HostAddress producer = new HostAddress(new byte[] {127, 0, 0, 1}, 52144);
        HostAddress broker = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);
        List<StoredMessage> records = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] payload = new byte[1024];
            payload[i] = (byte) i;
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("UNIQ_KEY", String.format("7F0000010B9018B4AAC27A3B2E%06X", i));
            properties.put("WAIT", "true");
            properties.put("TAGS", "TagA");
            records.add(new StoredMessage(StoredMessageLayout.MAGIC_V1, MessageChecksum.crc32(payload), 3, 0,
                    1000 + i, 1_048_576L + 1200L * i, 0, 1_795_466_629_744L + i, producer, 1_795_466_629_750L + i,
                    broker, 0, 0, payload, "BenchTopic", MessageProperties.encode(properties)));
        }
        body = StoredMessageCodec.encodeAll(records);
        List<BatchMessage> batch = new ArrayList<>();
        for (StoredMessage record : records) {
            batch.add(new BatchMessage(0, record.body(), record.properties()));
        }
        byte[] batchBody = BatchMessageCodec.encode(batch);
        innerBatchBody = StoredMessageCodec.encodeAll(List.of(new StoredMessage(StoredMessageLayout.MAGIC_V1,
                MessageChecksum.crc32(batchBody), 3, 0, 1000, 1_048_576L, InnerBatch.FLAGS, 1_795_466_629_744L,
                producer, 1_795_466_629_750L, broker, 0, 0, batchBody, "BenchTopic", MessageProperties.encode(
                        Map.of("UNIQ_KEY", "7F0000010B9018B4AAC27A3B2F000000", "INNER_NUM", "32")))));
    }

    @Benchmark
    public List<MessageExt> apogee() {
        return MessageDecoder.decodeAll(body, "broker-a");
    }

    @Benchmark
    public List<org.apache.rocketmq.common.message.MessageExt> official() {
        return org.apache.rocketmq.common.message.MessageDecoder.decodes(ByteBuffer.wrap(body));
    }

    @Benchmark
    public List<MessageExt> apogeeInnerBatch() {
        return MessageDecoder.decodeAll(innerBatchBody, "broker-a");
    }

    /** What the official client's PullAPIWrapper does with a pull body holding inner batches. */
    @Benchmark
    public List<org.apache.rocketmq.common.message.MessageExt> officialInnerBatch() throws Exception {
        List<org.apache.rocketmq.common.message.MessageExt> inner = new ArrayList<>();
        for (org.apache.rocketmq.common.message.MessageExt record
                : org.apache.rocketmq.common.message.MessageDecoder.decodes(ByteBuffer.wrap(innerBatchBody))) {
            org.apache.rocketmq.common.message.MessageDecoder.decodeMessage(record, inner);
        }
        return inner;
    }
}
