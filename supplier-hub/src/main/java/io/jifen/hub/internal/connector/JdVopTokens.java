package io.jifen.hub.internal.connector;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;

import io.jifen.hub.internal.digest.Digests;

/**
 * JD VOP's access token, shared by every thread of the connector: got by signing in with JD's MD5 signature, renewed
 * with the refresh token when JD says it expired (or by signing in again when that is refused too). One thread signs in
 * or renews at a time while the others wait for its result, under a {@link ReentrantLock}: the connector's callers are
 * virtual threads, and one blocked on HTTP inside {@code synchronized} pins its carrier thread on Java 21.
 */
final class JdVopTokens {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** A token to call with and the one that renews it. */
    record Tokens(String access, String refresh) {
    }

    private final JdVopConnector.Settings settings;
    /** Posts a form to a path of JD's and answers JD's envelope. */
    private final BiFunction<String, Map<String, String>, JsonNode> post;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Tokens tokens;

    JdVopTokens(JdVopConnector.Settings settings, BiFunction<String, Map<String, String>, JsonNode> post) {
        this.settings = settings;
        this.post = post;
    }

    /** The current tokens, signing in first if there are none. */
    Tokens current() {
        Tokens current = tokens;
        if (current != null) {
            return current;
        }
        lock.lock();
        try {
            if (tokens == null) {
                tokens = signIn();
            }
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /** Renews the token that JD refused, unless another thread has done so already. */
    void renew(Tokens refused) {
        lock.lock();
        try {
            if (tokens != refused) {
                return;
            }
            JsonNode envelope = post.apply("/oauth2/refreshToken", Map.of("refresh_token", refused.refresh(), "client_id", settings.clientId(),
                    "client_secret", settings.clientSecret()));
            tokens = envelope.path("success").asBoolean(false) ? tokens(envelope) : signIn();
        } finally {
            lock.unlock();
        }
    }

    private Tokens signIn() {
        JsonNode envelope = post.apply("/oauth2/accessToken", signInForm(settings, LocalDateTime.now(BEIJING).format(TIMESTAMP)));
        if (!envelope.path("success").asBoolean(false)) {
            throw new SupplierException(JdVopConnector.SUPPLIER, SupplierException.Kind.AUTHENTICATION, "sign-in refused: "
                    + envelope.path("resultCode").asString("") + " " + envelope.path("resultMessage").asString(""),
                    SupplierHttp.cut(envelope.toString()), null);
        }
        return tokens(envelope);
    }

    /**
     * JD's sign-in form: the password as its MD5, and {@code sign}, the upper-case MD5 of client secret, timestamp,
     * client id, username, password MD5, grant type and client secret again, concatenated.
     */
    static Map<String, String> signInForm(JdVopConnector.Settings settings, String timestamp) {
        String passwordMd5 = Digests.md5Hex(settings.password());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "access_token");
        form.put("client_id", settings.clientId());
        form.put("username", settings.username());
        form.put("password", passwordMd5);
        form.put("timestamp", timestamp);
        form.put("sign", Digests.md5Hex(settings.clientSecret() + timestamp + settings.clientId() + settings.username() + passwordMd5
                + "access_token" + settings.clientSecret()).toUpperCase(Locale.ROOT));
        return form;
    }

    private static Tokens tokens(JsonNode envelope) {
        JsonNode result = envelope.path("result");
        return new Tokens(result.path("access_token").asString(), result.path("refresh_token").asString());
    }
}
