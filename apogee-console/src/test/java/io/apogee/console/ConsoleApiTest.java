package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.test.EmbeddedApogee;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console's JSON API over HTTP against a real name server and broker, and its OpenAPI file. */
class ConsoleApiTest {

    private static EmbeddedApogee apogee;
    private static ConsoleServer console;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        apogee = EmbeddedApogee.start();
        console = new ConsoleServer(apogee.namesrvAddr(), ConsoleAccess.OPEN).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        console.close();
        apogee.close();
    }

    @Test
    void openApiFileListsExactlyTheRoutes() throws Exception {
        HttpResponse<String> response = call(console, "GET", "/openapi.json", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JSONObject paths = JSON.parseObject(response.body()).getJSONObject("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, ops) -> ((JSONObject) ops).keySet().forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        Set<String> served = new TreeSet<>();
        console.router().routes().forEach(r -> served.add(r.method() + " " + r.pattern()));
        // Logging in and out come before the router, which serves only logged-in callers.
        served.add("POST /login");
        served.add("POST /logout");
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void topicsAreCreatedListedPagedAndFilteredOnTheServer() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(call(console, "POST", "/api/v1/topics", "{\"name\":\"ApiPaged" + i + "\",\"queues\":2}", null)
                    .statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JSONObject page = JSON.parseObject(call(console, "GET", "/api/v1/topics?q=apipaged&size=2&page=1", null,
                    null).body());
            assertThat(page.getIntValue("total")).isEqualTo(5);
            assertThat(page.getJSONArray("items")).hasSize(2);
            assertThat(page.getJSONArray("items").getJSONObject(0).getString("name")).isEqualTo("ApiPaged2");
            assertThat(page.getJSONArray("items").getJSONObject(0).getIntValue("writeQueues")).isEqualTo(2);
        });
        JSONObject detail = JSON.parseObject(call(console, "GET", "/api/v1/topics/ApiPaged0", null, null).body());
        assertThat(detail.getJSONArray("queues")).hasSize(2);
    }

    @Test
    void messagesAreFoundByStoreTimeRangeAndOpenedWithTheirBody() throws Exception {
        apogee.createTopic("ApiTimed", 2);
        apogee.awaitRoute("ApiTimed", Duration.ofSeconds(30));
        String sentId = apogee.send("ApiTimed", "{\"n\":1}").getOffsetMsgId();
        apogee.send("ApiTimed", "second");
        long now = System.currentTimeMillis();
        // Acknowledged messages are indexed by the store's dispatcher a moment later.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JSONObject found = JSON.parseObject(call(console, "GET", "/api/v1/messages?topic=ApiTimed&begin="
                    + (now - 60_000) + "&end=" + (now + 60_000), null, null).body());
            assertThat(found.getJSONArray("messages")).hasSize(2);
        });
        JSONObject none = JSON.parseObject(call(console, "GET", "/api/v1/messages?topic=ApiTimed&begin=0&end="
                + (now - 3_600_000), null, null).body());
        assertThat(none.getJSONArray("messages")).isEmpty();
        JSONObject detail = JSON.parseObject(call(console, "GET", "/api/v1/messages/" + sentId, null, null).body());
        assertThat(detail.getString("bodyText")).isEqualTo("{\"n\":1}");
        assertThat(detail.getString("bodyJson")).contains("\"n\":1").contains("\n");
        assertThat(detail.getString("bodyHex")).startsWith("7b 22 6e");
    }

    @Test
    void badInputGetsAClearError() throws Exception {
        HttpResponse<String> noName = call(console, "POST", "/api/v1/topics", "{\"queues\":2}", null);
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(JSON.parseObject(noName.body()).getString("error")).contains("'name'");
        assertThat(call(console, "GET", "/api/v1/nothing", null, null).statusCode()).isEqualTo(404);
        assertThat(call(console, "PATCH", "/api/v1/topics", null, null).statusCode()).isEqualTo(405);
        HttpResponse<String> noTopic = call(console, "GET", "/api/v1/messages", null, null);
        assertThat(JSON.parseObject(noTopic.body()).getString("error")).contains("'topic'");
    }

    @Test
    void theAccessSeamRefusesUnknownUsersAndForbiddenActions() throws Exception {
        ConsoleAccess readOnly = new ConsoleAccess() {
            @Override
            public boolean authenticationEnabled() {
                return true;
            }

            @Override
            public boolean authenticate(String user, String password) {
                return user.equals("viewer") && password.equals("secret");
            }

            @Override
            public String refusal(String user, Action action) {
                return action == Action.READ ? null : user + " may only read";
            }
        };
        try (ConsoleServer guarded = new ConsoleServer(apogee.namesrvAddr(), readOnly).start("127.0.0.1", 0)) {
            assertThat(call(guarded, "GET", "/api/v1/session", null, null).statusCode()).isEqualTo(401);
            assertThat(call(guarded, "GET", "/api/v1/session", null, "viewer:wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> session = call(guarded, "GET", "/api/v1/session", null, "viewer:secret");
            assertThat(JSON.parseObject(session.body()).getString("user")).isEqualTo("viewer");
            HttpResponse<String> delete = call(guarded, "DELETE", "/api/v1/topics/ApiPaged0", null, "viewer:secret");
            assertThat(delete.statusCode()).isEqualTo(403);
            assertThat(JSON.parseObject(delete.body()).getString("error")).isEqualTo("viewer may only read");
        }
    }

    static HttpResponse<String> call(ConsoleServer server, String method, String path, String body, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
