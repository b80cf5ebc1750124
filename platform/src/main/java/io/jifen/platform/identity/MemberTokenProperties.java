package io.jifen.platform.identity;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own member access tokens: HS256 JWTs signed with the key {@code currentKey} names among {@code keys}
 * (base64, at least 32 bytes; from {@code JIFEN_MEMBER_TOKENS_KEYS_<ID>}). Tokens signed with any key still listed
 * are accepted, so a key is rotated by adding the new one, making it current, and dropping the old one a token
 * lifetime later. The platform does not start without a current key.
 */
@ConfigurationProperties("jifen.member.tokens")
public record MemberTokenProperties(@DefaultValue("jifen-platform/members") String issuer,
                                    @DefaultValue("jifen-mall") String audience,
                                    @DefaultValue("15m") Duration lifetime,
                                    String currentKey,
                                    @DefaultValue Map<String, String> keys) {

    public MemberTokenProperties {
        if (currentKey == null || currentKey.isBlank() || !keys.containsKey(currentKey)) {
            throw new IllegalStateException("jifen.member.tokens.current-key must name one of jifen.member.tokens.keys "
                    + "(JIFEN_MEMBER_TOKENS_CURRENT_KEY and JIFEN_MEMBER_TOKENS_KEYS_<ID>, base64, at least 32 bytes)");
        }
        keys = Map.copyOf(keys);
        keys.forEach((id, key) -> {
            if (Base64.getDecoder().decode(key.strip()).length < 32) {
                throw new IllegalStateException("jifen.member.tokens.keys." + id + " must be at least 32 bytes (base64)");
            }
        });
    }

    byte[] key(String id) {
        return Base64.getDecoder().decode(keys.get(id).strip());
    }
}
