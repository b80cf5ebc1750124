package io.jifen.stripefake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's endpoints: a method and a path pattern ({@code /v1/payment_intents/{intent}/confirm}) to a handler. A
 * resource (payment intents, refunds; later customers or invoices) registers its endpoints here and knows nothing of HTTP.
 */
public final class Routes {

    /** One API call: the path's variables, the form parameters (body or query), the Stripe-Version the client asked for. */
    public record Call(Map<String, String> path, FormBody params, String apiVersion) {

        public String path(String name) {
            return path.get(name);
        }
    }

    /** Answers a call with a Stripe object (a map, written as JSON), or throws a {@link StripeFakeException}. */
    @FunctionalInterface
    public interface Handler {
        Map<String, Object> handle(Call call);
    }

    record Match(Handler handler, Map<String, String> path) {
    }

    private record Route(String method, String[] parts, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Routes add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** The handler for a request, or null (404); a path known under another method only is also null. */
    Match match(String method, String path) {
        String[] parts = split(path);
        for (Route route : routes) {
            if (!route.method().equals(method) || route.parts().length != parts.length) {
                continue;
            }
            Map<String, String> variables = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                String expected = route.parts()[i];
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    variables.put(expected.substring(1, expected.length() - 1), parts[i]);
                } else {
                    matches = expected.equals(parts[i]);
                }
            }
            if (matches) {
                return new Match(route.handler(), variables);
            }
        }
        return null;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1).split("/") : trimmed.split("/");
    }
}
