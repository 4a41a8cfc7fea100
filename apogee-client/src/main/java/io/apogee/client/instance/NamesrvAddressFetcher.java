package io.apogee.client.instance;

import io.apogee.client.ClientException;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Asks an address server for the name-server list, as RocketMQ clients do when no name server is
 * configured: an HTTP GET whose 200 answer body is the {@code ;}-separated address list.
 *
 * <p>Connections are not kept alive, so no JDK keep-alive thread outlives a fetch.
 * Thread safety: stateless; any thread, blocks for at most the timeout twice (connect and read).
 */
final class NamesrvAddressFetcher {

    private final String url;
    private final int timeoutMillis;

    NamesrvAddressFetcher(String url, long timeoutMillis) {
        this.url = url;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    }

    String url() {
        return url;
    }

    /** The address list, trimmed; throws when the server cannot be reached or answers no list. */
    String fetch() {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new ClientException("address server " + url + " answered HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                if (body.isEmpty()) {
                    throw new ClientException("address server " + url + " answered an empty name-server list");
                }
                return body;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ClientException("cannot fetch the name-server address from " + url + ": " + e, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
