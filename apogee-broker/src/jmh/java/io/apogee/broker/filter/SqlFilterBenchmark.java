package io.apogee.broker.filter;

import io.apogee.protocol.message.HostAddress;
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
 * The broker's SQL92 filtering of one pull's worth of messages (32 stored records with the
 * properties an official producer sends plus three user properties), and the compilation of a
 * selector, which a pull does only on a cache miss.
 *
 * <p>Run: build the test classpath, then
 * {@code java -cp <classpath> org.openjdk.jmh.Main SqlFilterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlFilterBenchmark {

    private static final String SELECTOR = "a BETWEEN 10 AND 20 AND region IN ('eu', 'us') OR TAGS = 'TagB'";

    private SqlFilter filter;
    private List<ByteBuffer> pulled;

    @Setup
    public void setUp() {
        filter = SqlFilter.compile(SELECTOR);
        pulled = new ArrayList<>();
        HostAddress host = new HostAddress(new byte[]{127, 0, 0, 1}, 10911);
        for (int i = 0; i < 32; i++) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("KEYS", "order-" + i);
            properties.put("UNIQ_KEY", "FD0000000000000000000000000000025EB030946E0975BEAA6F00" + (10 + i));
            properties.put("WAIT", "true");
            properties.put("TAGS", i % 2 == 0 ? "TagA" : "TagB");
            properties.put("a", Integer.toString(i));
            properties.put("region", i % 3 == 0 ? "eu" : "ap");
            properties.put("vip", "true");
            properties.put("CLUSTER", "DefaultCluster");
            StoredMessage message = new StoredMessage(StoredMessageLayout.MAGIC_V1, 0, 0, 0, i, i * 300L, 0,
                    1_795_466_629_744L, host, 1_795_466_629_745L, host, 0, 0, new byte[128], "BenchTopic",
                    MessageProperties.encode(properties));
            pulled.add(ByteBuffer.wrap(StoredMessageCodec.encode(message)).asReadOnlyBuffer());
        }
    }

    @Benchmark
    public List<ByteBuffer> selectOnePull() {
        return PropertyFilters.select(filter, pulled);
    }

    @Benchmark
    public SqlFilter compileSelector() {
        return SqlFilter.compile(SELECTOR);
    }
}
