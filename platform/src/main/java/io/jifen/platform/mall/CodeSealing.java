package io.jifen.platform.mall;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.FieldCipher;

/**
 * How the mall keeps codes that are worth money (docs/architecture.md, "Cryptography"): an e-voucher code and a
 * store-pickup code are sealed (jifen-crypto, bound to their tenant, row and column) and looked up by a blind index
 * (HMAC-SM3 of the tenant and the code), never stored in clear. The one place these conventions live.
 */
@Component
class CodeSealing {

    static final String VOUCHER_TABLE = "platform.mall_voucher_code";
    static final String PICKUP_TABLE = "platform.mall_pickup_code";
    static final String UPLOAD_TABLE = "platform.mall_code_upload";

    private final FieldCipher cipher;
    private final BlindIndex index;

    CodeSealing(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
    }

    byte[] sealVoucher(UUID tenant, UUID codeId, String code) {
        return cipher.sealText(code, Aad.of(VOUCHER_TABLE, tenant, codeId, "code"));
    }

    String openVoucher(UUID tenant, UUID codeId, byte[] sealed) {
        return cipher.openText(sealed, Aad.of(VOUCHER_TABLE, tenant, codeId, "code"));
    }

    /** Codes compare exactly (a voucher code's case may matter to its issuer); the parser has stripped surrounding spaces. */
    byte[] voucherIndex(UUID tenant, String code) {
        return index.of(VOUCHER_TABLE + ".code", tenant, code);
    }

    byte[] sealPickup(UUID tenant, String orderRef, String code) {
        return cipher.sealText(code, Aad.of(PICKUP_TABLE, tenant, orderRef, "code"));
    }

    String openPickup(UUID tenant, String orderRef, byte[] sealed) {
        return cipher.openText(sealed, Aad.of(PICKUP_TABLE, tenant, orderRef, "code"));
    }

    byte[] pickupIndex(UUID tenant, String code) {
        return index.of(PICKUP_TABLE + ".code", tenant, code);
    }

    /**
     * What tells a replayed upload from another file under its key: keyed (HMAC-SM3), because a plain digest of a file
     * of one short code could be reversed by trying every code.
     */
    String uploadFingerprint(UUID tenant, UUID itemId, byte[] file) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
            return HexFormat.of().formatHex(index.of(UPLOAD_TABLE + ".request", tenant, itemId, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
