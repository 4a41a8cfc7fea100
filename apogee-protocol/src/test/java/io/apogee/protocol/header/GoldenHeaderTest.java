package io.apogee.protocol.header;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.golden.GoldenFrames;
import io.apogee.protocol.golden.GoldenIndex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every captured request and response with a typed header decodes without error, and writing the
 * typed header back gives exactly the captured extFields: no key is lost or invented.
 */
class GoldenHeaderTest {

    private static final Map<Integer, Function<RemotingCommand, CommandHeader>> REQUESTS = Map.ofEntries(
            Map.entry(RequestCode.SEND_MESSAGE_V2, SendMessageRequestHeader::decode),
            Map.entry(RequestCode.SEND_BATCH_MESSAGE, SendMessageRequestHeader::decode),
            Map.entry(RequestCode.PULL_MESSAGE, PullMessageRequestHeader::decode),
            Map.entry(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader::decode),
            Map.entry(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader::decode),
            Map.entry(RequestCode.GET_MAX_OFFSET, GetMaxOffsetRequestHeader::decode),
            Map.entry(RequestCode.GET_MIN_OFFSET, GetMinOffsetRequestHeader::decode),
            Map.entry(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetRequestHeader::decode),
            Map.entry(RequestCode.GET_EARLIEST_MSG_STORETIME, GetEarliestMsgStoretimeRequestHeader::decode),
            Map.entry(RequestCode.VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader::decode),
            Map.entry(RequestCode.QUERY_MESSAGE, QueryMessageRequestHeader::decode),
            Map.entry(RequestCode.UNREGISTER_CLIENT, UnregisterClientRequestHeader::decode),
            Map.entry(RequestCode.GET_CONSUMER_LIST_BY_GROUP, GetConsumerListByGroupRequestHeader::decode),
            Map.entry(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, NotifyConsumerIdsChangedRequestHeader::decode),
            Map.entry(RequestCode.CONSUMER_SEND_MSG_BACK, ConsumerSendMsgBackRequestHeader::decode),
            Map.entry(RequestCode.END_TRANSACTION, EndTransactionRequestHeader::decode),
            Map.entry(RequestCode.CHECK_TRANSACTION_STATE, CheckTransactionStateRequestHeader::decode),
            Map.entry(RequestCode.REGISTER_BROKER, RegisterBrokerRequestHeader::decode),
            Map.entry(RequestCode.UNREGISTER_BROKER, UnregisterBrokerRequestHeader::decode),
            Map.entry(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader::decode),
            Map.entry(RequestCode.UPDATE_AND_CREATE_TOPIC, CreateTopicRequestHeader::decode));

    /** Responses by the request file-name marker, for the codes whose SUCCESS carries a header. */
    private static final Map<String, Function<RemotingCommand, CommandHeader>> RESPONSES = Map.of(
            "-SEND_MESSAGE_V2-response-SUCCESS", SendMessageResponseHeader::decode,
            "-SEND_BATCH_MESSAGE-response-SUCCESS", SendMessageResponseHeader::decode,
            "-PULL_MESSAGE-response-", PullMessageResponseHeader::decode,
            "-QUERY_CONSUMER_OFFSET-response-SUCCESS", OffsetResponseHeader::decode,
            "-GET_MAX_OFFSET-response-SUCCESS", OffsetResponseHeader::decode,
            "-GET_MIN_OFFSET-response-SUCCESS", OffsetResponseHeader::decode,
            "-SEARCH_OFFSET_BY_TIMESTAMP-response-SUCCESS", OffsetResponseHeader::decode,
            "-GET_EARLIEST_MSG_STORETIME-response-SUCCESS", GetEarliestMsgStoretimeResponseHeader::decode,
            "-QUERY_MESSAGE-response-SUCCESS", QueryMessageResponseHeader::decode,
            "-REGISTER_BROKER-response-SUCCESS", RegisterBrokerResponseHeader::decode);

    @TestFactory
    Stream<DynamicTest> capturedHeadersSurviveTypedDecoding() {
        List<GoldenIndex.Entry> entries = GoldenIndex.parse(GoldenFrames.index());
        return entries.stream().flatMap(entry -> {
            Function<RemotingCommand, CommandHeader> decoder = decoderFor(entry);
            return decoder == null ? Stream.empty()
                    : Stream.of(DynamicTest.dynamicTest(entry.file(), () -> check(entry, decoder)));
        });
    }

    private static Function<RemotingCommand, CommandHeader> decoderFor(GoldenIndex.Entry entry) {
        if ((entry.flag() & 1) == 0) {
            return REQUESTS.get(entry.code());
        }
        return RESPONSES.entrySet().stream().filter(e -> entry.file().contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void check(GoldenIndex.Entry entry, Function<RemotingCommand, CommandHeader> decoder) {
        RemotingCommand command = GoldenFrames.decodeFile(entry.file());
        CommandHeader header = decoder.apply(command);
        RemotingCommand rewritten = RemotingCommand.empty().code(command.code());
        header.applyTo(rewritten);
        Map<String, String> captured = command.extFields() == null ? Map.of() : command.extFields();
        Map<String, String> written = rewritten.extFields() == null ? new HashMap<>() : rewritten.extFields();
        assertThat(written).isEqualTo(captured);
    }
}
