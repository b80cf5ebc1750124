package io.jifen.platform.identity;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who made a change, as the ledger and the programme's records name it: the token's client and subject. */
public final class Actors {

    private Actors() {
    }

    public static @Nullable String of(@Nullable Jwt caller) {
        return caller == null ? null : Objects.requireNonNullElse(caller.getClaimAsString("azp"), "") + ":" + caller.getSubject();
    }
}
