package io.apogee.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's routes: a method and a path pattern whose {@code {name}} parts match one path segment each.
 * The OpenAPI file lists the same routes (a test checks both ways).
 *
 * <p>Thread safety: filled before the server starts, then only read.
 */
final class Router {

    /** What one route does; answers the JSON-able result. */
    interface Handler {
        Object handle(Request request) throws Exception;
    }

    record Route(String method, String pattern, ConsoleAccess.Action action, Handler handler) {
        String[] segments() {
            return pattern.substring(1).split("/");
        }
    }

    /** A route matched to a request path, with the path's named parts. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, ConsoleAccess.Action action, Handler handler) {
        routes.add(new Route(method, pattern, action, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for the method and (raw, still percent-encoded) path; null when none; a 405 when only the method differs. */
    Match match(String method, String rawPath) {
        String[] parts = rawPath.substring(1).split("/", -1);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> params = matchPath(route.segments(), parts);
            if (params != null) {
                if (route.method().equals(method)) {
                    return new Match(route, params);
                }
                pathKnown = true;
            }
        }
        if (pathKnown) {
            throw new ApiException(405, method + " is not allowed on " + rawPath);
        }
        return null;
    }

    private static Map<String, String> matchPath(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(pattern[i].substring(1, pattern[i].length() - 1),
                        java.net.URLDecoder.decode(parts[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!pattern[i].equals(parts[i])) {
                return null;
            }
        }
        return params;
    }
}
