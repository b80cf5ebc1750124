package io.jifen.platform.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keycloak's pages as a browser walks them: cookies kept per host (by hand: Java's cookie manager withholds cookies
 * marked Secure from http URLs, which a browser still sends to 127.0.0.1), redirects followed one by one so that a test
 * can stop at the one that leaves for an application.
 */
public final class Browser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public HttpResponse<String> post(String url, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /** Follows redirects while they stay on URLs starting with one of {@code within}; answers the first page or outside redirect. */
    public HttpResponse<String> follow(HttpResponse<String> response, String... within) {
        for (int hops = 0; hops < 20 && isRedirect(response); hops++) {
            String location = location(response).orElseThrow();
            if (java.util.Arrays.stream(within).noneMatch(location::startsWith)) {
                return response;
            }
            response = get(location);
        }
        return response;
    }

    /** The action of the page's first form, unescaped. */
    public static String formAction(HttpResponse<String> page) {
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("no form on " + page.uri() + " (" + page.statusCode() + "): " + page.body());
        }
        return unescape(action.group(1));
    }

    public static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=");
    }

    public static boolean isRedirect(HttpResponse<String> response) {
        return response.statusCode() == 302 || response.statusCode() == 303 || response.statusCode() == 307;
    }

    public static Optional<String> location(HttpResponse<String> response) {
        return response.headers().firstValue("location");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        URI uri = request.build().uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String host = uri.getHost() + ":" + uri.getPort();
        // Keycloak scopes its cookies by path (one realm's session is not another's): send those whose path covers the URL,
        // the longest path first when two share a name.
        var sent = new LinkedHashMap<String, String>();
        cookies.entrySet().stream()
                .filter(jar -> jar.getKey().startsWith(host + "|") && pathCovers(jar.getKey().substring(host.length() + 1), path))
                .sorted((a, b) -> b.getKey().length() - a.getKey().length())
                .forEach(jar -> jar.getValue().forEach(sent::putIfAbsent));
        if (!sent.isEmpty()) {
            request.header("Cookie", sent.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("set-cookie")) {
                String[] parts = cookie.split(";");
                String pair = parts[0];
                String cookiePath = "/";
                for (int i = 1; i < parts.length; i++) {
                    String attribute = parts[i].strip();
                    if (attribute.regionMatches(true, 0, "path=", 0, 5)) {
                        cookiePath = attribute.substring(5);
                    }
                }
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.computeIfAbsent(host + "|" + cookiePath, key -> new LinkedHashMap<>())
                            .put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(uri + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean pathCovers(String cookiePath, String path) {
        String prefix = cookiePath.endsWith("/") ? cookiePath : cookiePath + "/";
        return path.equals(cookiePath) || path.startsWith(prefix) || cookiePath.equals("/");
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
