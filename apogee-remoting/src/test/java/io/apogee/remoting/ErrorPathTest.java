package io.apogee.remoting;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.RequestDispatcher;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one error path: every failed request gets its own error reply and a counted error, while the log
 * gets one line per kind of failure per interval, bad input without a stack trace, and wire values that
 * cannot break a line.
 */
class ErrorPathTest {

    private static final int BAD_INPUT = 2001;
    private static final int BROKEN = 2002;
    private static final int UNKNOWN = 2999;

    private final Peers peers = new Peers();
    private final Logger dispatcherLog = (Logger) LoggerFactory.getLogger(RequestDispatcher.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private RemotingServer server;
    private RemotingClient client;

    @BeforeEach
    void start() {
        lines.start();
        dispatcherLog.addAppender(lines);
        server = peers.server(Peers.serverConfig());
        server.registerProcessor(BAD_INPUT, (context, request) -> {
            throw new ProtocolException("header field 'topic' is " + request.extFields().get("topic"));
        }, BoundedExecutor.create("bad", 1, 1000));
        server.registerProcessor(BROKEN, (context, request) -> {
            throw new IllegalStateException("disk on fire");
        }, BoundedExecutor.create("broken", 1, 1000));
        server.start();
        client = peers.startedClient();
    }

    @AfterEach
    void stop() {
        dispatcherLog.detachAppender(lines);
        peers.close();
    }

    @Test
    void aFloodOfBadRequestsIsAnsweredOneByOneAndLoggedOnceWithoutAStack() throws Exception {
        for (int i = 0; i < 200; i++) {
            RemotingCommand request = RemotingCommand.request(BAD_INPUT);
            request.putExtField("topic", "T" + i);
            RemotingCommand response = client.invokeSync(Peers.address(server), request, 3000);
            assertThat(response.code()).isEqualTo(Peers.SYSTEM_ERROR);
            assertThat(response.remark()).isEqualTo("header field 'topic' is T" + i);
        }
        assertThat(server.counters().badRequests()).isEqualTo(200);
        assertThat(server.counters().processorFailures()).isZero();
        List<ILoggingEvent> logged = lines.list;
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).getFormattedMessage()).contains("bad request code " + BAD_INPUT, "T0");
        assertThat(logged.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void anInternalFailureKeepsItsCauseButIsRateLimited() throws Exception {
        for (int i = 0; i < 50; i++) {
            RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(BROKEN), 3000);
            assertThat(response.remark()).isEqualTo("disk on fire");
        }
        assertThat(server.counters().processorFailures()).isEqualTo(50);
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getThrowableProxy().getMessage()).isEqualTo("disk on fire");
    }

    @Test
    void aHeaderValueWithANewlineIsLoggedAsOneLine() throws Exception {
        RemotingCommand request = RemotingCommand.request(BAD_INPUT);
        request.putExtField("topic", "x\n2026-12-04 12:00:00 ERROR forged line");
        client.invokeSync(Peers.address(server), request, 3000);
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage())
                .doesNotContain("\n")
                .contains("x\\n2026-12-04 12:00:00 ERROR forged line");
    }

    @Test
    void anUnknownCodeIsLoggedOncePerCodeWithThePeersVersion() throws Exception {
        for (int i = 0; i < 20; i++) {
            RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(UNKNOWN), 3000);
            assertThat(response.code()).isEqualTo(Peers.REQUEST_CODE_NOT_SUPPORTED);
        }
        client.invokeSync(Peers.address(server), RemotingCommand.request(UNKNOWN + 1), 3000);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                .allMatch(line -> line.contains("client version " + RemotingCommand.request(UNKNOWN).version()))
                .anyMatch(line -> line.startsWith("request code " + UNKNOWN + " from 127.0.0.1:"))
                .anyMatch(line -> line.startsWith("request code " + (UNKNOWN + 1) + " from"));
        assertThat(server.counters().unsupportedCodes()).isEqualTo(21);
    }
}
