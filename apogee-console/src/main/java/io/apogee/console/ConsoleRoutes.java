package io.apogee.console;

import io.apogee.console.ConsoleAccess.Action;

import java.util.Map;

/**
 * Every route of the console's JSON API, each with the action its caller must be allowed. The OpenAPI file
 * {@code openapi.json} documents the same list.
 *
 * <p>Thread safety: builds the router once, at construction.
 */
final class ConsoleRoutes {

    private ConsoleRoutes() {
    }

    static Router of(ConsoleBackend backend, ConsoleAccess access, LagHistory lagHistory) {
        ClusterHandlers cluster = new ClusterHandlers(backend);
        TopicHandlers topics = new TopicHandlers(backend);
        GroupHandlers groups = new GroupHandlers(backend, lagHistory);
        MessageHandlers messages = new MessageHandlers(backend);
        return new Router()
                .add("GET", "/session", Action.READ, r -> Map.of("authentication", access.authenticationEnabled(),
                        "user", r.user()))
                .add("GET", "/overview", Action.READ, r -> cluster.overview())
                .add("GET", "/brokers/{addr}/config", Action.READ, cluster::config)
                .add("PUT", "/brokers/{addr}/config", Action.WRITE_CONFIG, cluster::updateConfig)
                .add("GET", "/brokers/{addr}/store", Action.READ, cluster::store)
                .add("GET", "/topics", Action.READ, topics::list)
                .add("POST", "/topics", Action.WRITE_TOPIC, topics::create)
                .add("GET", "/topics/{topic}", Action.READ, topics::detail)
                .add("PUT", "/topics/{topic}", Action.WRITE_TOPIC, topics::update)
                .add("DELETE", "/topics/{topic}", Action.DELETE_TOPIC, topics::delete)
                .add("POST", "/topics/{topic}/messages", Action.SEND_MESSAGE, topics::send)
                .add("GET", "/groups", Action.READ, groups::list)
                .add("GET", "/groups/{group}", Action.READ, groups::detail)
                .add("GET", "/groups/{group}/lag-history", Action.READ, groups::lagHistory)
                .add("POST", "/groups/{group}/reset", Action.WRITE_GROUP, groups::reset)
                .add("GET", "/groups/{group}/dlq", Action.READ, groups::deadLetters)
                .add("POST", "/groups/{group}/dlq/resend", Action.WRITE_GROUP, groups::resendDeadLetters)
                .add("GET", "/messages", Action.READ, messages::search)
                .add("GET", "/messages/{id}", Action.READ, messages::detail)
                .add("POST", "/messages/{id}/resend", Action.WRITE_GROUP, messages::resend);
    }
}
