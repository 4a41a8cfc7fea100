package io.apogee.metrics;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsEndpointTest {

    private static final int ECHO = 1001;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheFormatTheScraperAcceptsAfterRefreshingOnTheScrapeThread() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, Tags.of("node_type", "test"))) {
            Counter.builder("apogee_test_events").register(endpoint.registry()).increment(3);
            endpoint.beforeScrape(refreshes::incrementAndGet);

            HttpResponse<String> text = get(endpoint, "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "GET");
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body()).contains("apogee_test_events_total 3.0").contains("jvm_memory_used_bytes{");

            HttpResponse<String> open = get(endpoint, "application/openmetrics-text;version=1.0.0", "GET");
            assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/openmetrics-text"));
            assertThat(open.body()).endsWith("# EOF\n");

            HttpResponse<String> protobuf = get(endpoint, "application/vnd.google.protobuf;"
                    + "proto=io.prometheus.client.MetricFamily;encoding=delimited", "GET");
            assertThat(protobuf.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/vnd.google.protobuf"));
            assertThat(refreshes).hasValue(3);

            assertThat(get(endpoint, "text/plain", "POST").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTakenPortFailsTheStartNamingTheAddress() {
        try (MetricsEndpoint first = MetricsEndpoint.start("127.0.0.1", 0, Tags.empty())) {
            assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", first.port(), Tags.empty()))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void exportsARemotingServersLatencyErrorsAndLimits() throws Exception {
        RemotingServer server = new RemotingServer(new ServerConfig().bindAddress("127.0.0.1").port(0));
        server.registerProcessor(ECHO, (context, request) -> RemotingCommand.responseTo(request, 0, null),
                BoundedExecutor.create("echo", 1, 16));
        server.start();
        RemotingClient client = new RemotingClient(new ClientConfig());
        client.start();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, Tags.empty())) {
            RemotingMeters.bind(endpoint, RemotingMeters.node("", "test", "n1"), server);
            for (int i = 0; i < 3; i++) {
                client.invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(ECHO), 10_000);
            }
            server.counters().busyRejection();
            server.counters().badRequest();
            server.counters().connectionRefusedPerAddress();
            server.counters().connectionRefusedPerAddress();
            String body = get(endpoint, "text/plain", "GET").body();
            String node = "cluster=\"\",node_id=\"n1\",node_type=\"test\"";
            assertThat(body).contains("apogee_system_busy_total{" + node + "} 1.0")
                    .contains("apogee_errors_total{" + node.replace("cluster=\"\",", "cluster=\"\",kind=\"bad_request\",")
                            + "} 1.0")
                    .contains("apogee_connections{" + node + "} 1.0")
                    .contains("apogee_limit_refusals_total{" + node.replace("cluster=\"\",",
                            "cluster=\"\",limit=\"connections_per_address\",") + "} 2.0")
                    .contains("apogee_limit_refusals_total{" + node.replace("cluster=\"\",",
                            "cluster=\"\",limit=\"requests_in_flight\",") + "} 0.0")
                    .contains("rocketmq_rpc_latency_count{" + node + ",protocol_type=\"remoting\","
                            + "request_code=\"" + ECHO + "\",response_code=\"0\",result=\"success\"} 3")
                    .containsPattern("rocketmq_rpc_latency_bucket\\{[^}]*le=\"\\+Inf\"[^}]*} 3");
        } finally {
            client.shutdown();
            server.shutdown();
        }
    }

    private HttpResponse<String> get(MetricsEndpoint endpoint, String accept, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                .header("Accept", accept).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
