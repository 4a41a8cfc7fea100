package io.apogee.broker.transaction;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.EndTransactionRequestHeader;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Transaction requests that cannot be honoured get clear answers, and the broker keeps serving. */
class TransactionBadInputTest {

    private static final String HALF_PROPERTIES = "UNIQ_KEY\u0001ABC\u0002TRAN_MSG\u0001true\u0002PGROUP\u0001pg\u0002";

    @TempDir
    Path dir;

    private Broker broker;
    private RemotingClient client;

    @BeforeEach
    void start() {
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024)))));
        broker.start();
        client = new RemotingClient(new ClientConfig());
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        broker.shutdown();
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(broker.brokerAddr(), request, 3_000);
    }

    private static RemotingCommand half(int code) {
        return new SendMessageRequestHeader("pg", "SELF_TEST_TOPIC", "TBW102", 4, 0,
                MessageSysFlag.TRANSACTION_PREPARED_TYPE, System.currentTimeMillis(), 0, HALF_PROPERTIES, 0, false,
                code == RequestCode.SEND_BATCH_MESSAGE, null, "broker-a")
                .applyTo(RemotingCommand.request(code)).body("half".getBytes(StandardCharsets.UTF_8));
    }

    private static RemotingCommand end(String group, long queueOffset, long commitLogOffset, int decision) {
        return new EndTransactionRequestHeader("SELF_TEST_TOPIC", group, queueOffset, commitLogOffset, decision,
                false, "ABC", "ABC", "broker-a").applyTo(RemotingCommand.request(RequestCode.END_TRANSACTION));
    }

    @Test
    void refusedTransactionRequestsSayWhyAndTheHalfMessageStaysPending() throws Exception {
        assertThat(call(half(RequestCode.SEND_BATCH_MESSAGE)).remark()).contains("cannot be transactional");

        RemotingCommand stored = call(half(RequestCode.SEND_MESSAGE_V2));
        assertThat(stored.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(stored.extField("transactionId")).isEqualTo("ABC");
        assertThat(stored.extField("queueId")).as("the queue the producer chose").isEqualTo("0");
        long queueOffset = Long.parseLong(stored.extField("queueOffset"));
        await().until(() -> broker.pendingHalfMessages().size() == 1);
        long commitLogOffset = commitLogOffsetOf(stored);

        RemotingCommand nowhere = call(end("pg", queueOffset, commitLogOffset + 7, EndTransactionRequestHeader
                .TRANSACTION_COMMIT_TYPE));
        assertThat(nowhere.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(nowhere.remark()).contains("no half message");
        RemotingCommand otherGroup = call(end("other", queueOffset, commitLogOffset,
                EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE));
        assertThat(otherGroup.remark()).contains("producer group pg");
        assertThat(call(end("pg", queueOffset, commitLogOffset, 5)).remark()).contains("neither commit");
        assertThat(broker.pendingHalfMessages().size()).isEqualTo(1);

        assertThat(call(end("pg", queueOffset, commitLogOffset, EndTransactionRequestHeader.TRANSACTION_ROLLBACK_TYPE))
                .code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.pendingHalfMessages().size()).isZero();
        assertThat(broker.store().maxOffsetInQueue("SELF_TEST_TOPIC", 0)).as("a rollback delivers nothing").isZero();
    }

    /** The commit-log offset inside the offset message id (16 hex digits at its end). */
    private static long commitLogOffsetOf(RemotingCommand sendResponse) {
        String msgId = sendResponse.extField("msgId");
        return Long.parseUnsignedLong(msgId.substring(msgId.length() - 16), 16);
    }
}
