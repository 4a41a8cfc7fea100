package io.apogee.broker.metrics;

import io.apogee.broker.BenchBroker;
import io.apogee.protocol.command.RemotingCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/** What the metrics benchmarks send and how they scrape, shared so both measure the same traffic. */
final class BenchTraffic {

    private BenchTraffic() {
    }

    /** A SEND_MESSAGE_V2 of {@code body} to {@code topic}'s queue {@code queue}, as the official producer sends. */
    static RemotingCommand send(String topic, int queue, byte[] body) {
        return BenchBroker.send(topic, 4, queue, body);
    }

    /** Reads {@code uri} to its end, as Prometheus scrapes. */
    static void scrape(URI uri) {
        try (InputStream in = uri.toURL().openStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
