package io.apogee.broker;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An in-process broker on a loopback ephemeral port over a temporary store, and a remoting client connected to
 * it: what the broker's JMH benchmarks drive. Closing it stops both and deletes the store.
 *
 * <p>Thread safety: {@link #invoke} and {@link #send} may be called by many benchmark threads at once.
 */
public final class BenchBroker implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 10_000;

    private final Path dir;
    private final Broker broker;
    private final RemotingClient client;

    private BenchBroker(Path dir, Broker broker, RemotingClient client) {
        this.dir = dir;
        this.broker = broker;
        this.client = client;
    }

    /** Starts a broker whose settings {@code customize} may change, its store in a new folder named after {@code name}. */
    public static BenchBroker start(String name, UnaryOperator<BrokerConfig> customize) throws IOException {
        Path dir = Files.createTempDirectory(name);
        Broker broker = new Broker(customize.apply(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString())))));
        broker.start();
        RemotingClient client = new RemotingClient(new ClientConfig());
        client.start();
        return new BenchBroker(dir, broker, client);
    }

    public Broker broker() {
        return broker;
    }

    /** Sends {@code request} and returns the answer; fails unless it is SUCCESS. */
    public RemotingCommand invoke(RemotingCommand request) throws Exception {
        RemotingCommand answer = client.invokeSync(broker.brokerAddr(), request, TIMEOUT_MILLIS);
        if (answer.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("request " + request.code() + " answered " + answer.code() + ": "
                    + answer.remark());
        }
        return answer;
    }

    /** A SEND_MESSAGE_V2 of {@code body} to queue {@code queue} of {@code topic}, as the official producer sends. */
    public static RemotingCommand send(String topic, int queues, int queue, byte[] body) {
        return new SendMessageRequestHeader("bench", topic, "TBW102", queues, queue, 0, System.currentTimeMillis(), 0,
                null, 0, false, false, null, "broker").applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2))
                .body(body);
    }

    @Override
    public void close() throws IOException {
        client.shutdown();
        broker.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
