package io.apogee.protocol.header;

import io.apogee.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the contract every typed header shares, driven by its record components: a fully set
 * header survives writeTo/decode; removing a required key or garbling a numeric/boolean one gives
 * a ProtocolException that names the key; unknown keys are ignored.
 */
class TypedHeaderContractTest {

    static Stream<Class<?>> headers() {
        return Stream.of(SendMessageRequestHeader.class, SendMessageResponseHeader.class,
                PullMessageRequestHeader.class, PullMessageResponseHeader.class,
                QueryConsumerOffsetRequestHeader.class, UpdateConsumerOffsetRequestHeader.class,
                OffsetResponseHeader.class, GetMaxOffsetRequestHeader.class, GetMinOffsetRequestHeader.class,
                SearchOffsetRequestHeader.class, GetEarliestMsgStoretimeRequestHeader.class,
                GetEarliestMsgStoretimeResponseHeader.class, ViewMessageRequestHeader.class,
                QueryMessageRequestHeader.class, QueryMessageResponseHeader.class,
                UnregisterClientRequestHeader.class, GetConsumerListByGroupRequestHeader.class,
                NotifyConsumerIdsChangedRequestHeader.class, ConsumerSendMsgBackRequestHeader.class,
                EndTransactionRequestHeader.class, CheckTransactionStateRequestHeader.class,
                RegisterBrokerRequestHeader.class, RegisterBrokerResponseHeader.class,
                UnregisterBrokerRequestHeader.class, GetRouteInfoRequestHeader.class,
                GetKvConfigRequestHeader.class, GetKvConfigResponseHeader.class, PutKvConfigRequestHeader.class,
                DeleteKvConfigRequestHeader.class, CreateTopicRequestHeader.class, DeleteTopicRequestHeader.class,
                DeleteTopicFromNamesrvRequestHeader.class, GetTopicStatsInfoRequestHeader.class,
                GetConsumeStatsRequestHeader.class, ResetOffsetRequestHeader.class,
                GetConsumerStatusRequestHeader.class, CommonHeader.class);
    }

    @ParameterizedTest
    @MethodSource("headers")
    void fullySetHeaderSurvivesWriteAndDecode(Class<?> type) {
        CommandHeader header = sample(type);
        Map<String, String> fields = written(header);
        fields.put("someUnknownKey", "ignored");
        assertThat(decode(type, fields)).isEqualTo(header);
        assertThat(fields.values()).doesNotContainNull();
    }

    @ParameterizedTest
    @MethodSource("headers")
    void missingRequiredKeyIsNamedInTheError(Class<?> type) {
        Map<String, String> full = written(sample(type));
        for (String key : full.keySet()) {
            Map<String, String> fields = new HashMap<>(full);
            fields.remove(key);
            try {
                decode(type, fields);
            } catch (ProtocolException e) {
                assertThat(e.getMessage()).contains("'" + key + "'").contains("missing");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("headers")
    void unparsableValueIsNamedInTheError(Class<?> type) {
        CommandHeader header = sample(type);
        Map<String, String> full = written(header);
        int typedKeys = 0;
        for (Map.Entry<String, String> entry : full.entrySet()) {
            boolean typed = entry.getValue().matches("-?\\d+|true|false");
            if (!typed || "boundaryType".equals(entry.getKey())) {
                continue;
            }
            typedKeys++;
            Map<String, String> fields = new HashMap<>(full);
            fields.put(entry.getKey(), "12x");
            assertThatThrownBy(() -> decode(type, fields))
                    .as("garbled %s of %s", entry.getKey(), type.getSimpleName())
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("'" + entry.getKey() + "'")
                    .hasMessageContaining("12x");
        }
        long numericComponents = Stream.of(type.getRecordComponents())
                .filter(c -> c.getType() != String.class && c.getType() != BoundaryType.class).count();
        assertThat(typedKeys).isEqualTo((int) numericComponents);
    }

    @Test
    void emptyCommandGivesMissingFieldNotNullPointer() {
        assertThatThrownBy(() -> PullMessageRequestHeader.decode(io.apogee.protocol.command.RemotingCommand.request(11)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'consumerGroup'");
    }

    @Test
    void requiredKeysMatchTheSpecForSendAndPull() {
        assertThat(requiredKeys(SendMessageRequestHeader.class))
                .containsExactlyInAnyOrder("producerGroup", "topic", "defaultTopic", "defaultTopicQueueNums",
                        "queueId", "sysFlag", "bornTimestamp", "flag");
        assertThat(requiredKeys(PullMessageRequestHeader.class))
                .containsExactlyInAnyOrder("consumerGroup", "topic", "queueId", "queueOffset", "maxMsgNums",
                        "sysFlag", "commitOffset", "suspendTimeoutMillis", "subVersion");
        assertThat(requiredKeys(RegisterBrokerRequestHeader.class))
                .containsExactlyInAnyOrder("brokerName", "brokerAddr", "clusterName", "haServerAddr", "brokerId");
        assertThat(requiredKeys(SendMessageResponseHeader.class))
                .containsExactlyInAnyOrder("msgId", "queueId", "queueOffset");
    }

    private static List<String> requiredKeys(Class<?> type) {
        Map<String, String> full = written(sample(type));
        List<String> required = new ArrayList<>();
        for (String key : full.keySet()) {
            Map<String, String> fields = new HashMap<>(full);
            fields.remove(key);
            try {
                decode(type, fields);
            } catch (ProtocolException e) {
                required.add(key);
            }
        }
        return required;
    }

    static Map<String, String> written(CommandHeader header) {
        Map<String, String> fields = new HashMap<>();
        header.writeTo(fields);
        return fields;
    }

    static Object decode(Class<?> type, Map<String, String> fields) {
        try {
            Method decode = type.getMethod("decode", Map.class);
            return decode.invoke(null, fields);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no static decode(Map)", e);
        }
    }

    /** A header with every component set to a distinct non-default value. */
    static CommandHeader sample(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> c = components[i].getType();
            types[i] = c;
            int n = 1000 + i * 7;
            if (c == String.class) {
                values[i] = "v-" + components[i].getName() + "-\u00e9\u4e2d";
            } else if (c == int.class || c == Integer.class) {
                values[i] = -n;
            } else if (c == long.class || c == Long.class) {
                values[i] = 1795466629744L + n;
            } else if (c == boolean.class || c == Boolean.class) {
                // Flip the defaults (committed=true, unitMode/compressed=false) so absence is noticed.
                values[i] = i % 2 == 0;
            } else if (c == BoundaryType.class) {
                values[i] = BoundaryType.UPPER;
            } else {
                fail("unexpected component type " + c);
            }
        }
        try {
            return (CommandHeader) type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
