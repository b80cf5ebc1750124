package io.jifen.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Associated data binding a value to its owner, e.g. {@code Aad.of("platform.member", tenantId, memberId, "mobile")}:
 * a value sealed for one owner does not open for another (copied to another row, column or tenant). Each part is
 * length-prefixed, so no two different lists of parts encode the same.
 */
public final class Aad {

    private final byte[] bytes;

    private Aad(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parts are written with {@code String.valueOf}; null parts are refused. */
    public static Aad of(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part == null) {
                throw new IllegalArgumentException("an AAD part is null");
            }
            byte[] b = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return new Aad(out.toByteArray());
    }

    byte[] bytes() {
        return bytes;
    }
}
