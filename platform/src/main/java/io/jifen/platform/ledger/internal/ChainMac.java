package io.jifen.platform.ledger.internal;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.jifen.crypto.HmacSm3;

/**
 * The links of the ledger's chain: HMAC-SM3 (GB/T 32905, RFC 2104; jifen-crypto's {@link HmacSm3}) with a key chosen
 * by id. Keys come from {@code jifen.ledger.chain.keys.<id>} (base64, at least
 * 32 bytes); new links use {@code jifen.ledger.chain.current-key}, older ones name the key they were made with.
 */
@Component
public class ChainMac {

    /** The length of a link in bytes (an SM3 digest). */
    public static final int LENGTH = 32;

    private final Map<String, HmacSm3> keys = new HashMap<>();
    private final String currentKey;

    ChainMac(LedgerProperties properties) {
        var chain = properties.chain();
        if (chain.keys() != null) {
            chain.keys().forEach((id, base64) -> {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(base64.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("jifen.ledger.chain.keys." + id + " is not base64", e);
                }
                if (key.length < 32) {
                    throw new IllegalStateException("jifen.ledger.chain.keys." + id + " must be at least 32 bytes, not " + key.length);
                }
                keys.put(id, new HmacSm3(key));
            });
        }
        if (chain.currentKey() == null || chain.currentKey().isBlank() || !keys.containsKey(chain.currentKey())) {
            throw new IllegalStateException("the ledger's chain needs a key: set jifen.ledger.chain.current-key to one of "
                    + "jifen.ledger.chain.keys " + keys.keySet() + " (JIFEN_LEDGER_CHAIN_CURRENT_KEY, JIFEN_LEDGER_CHAIN_KEYS_<ID>)");
        }
        this.currentKey = chain.currentKey();
    }

    public String currentKey() {
        return currentKey;
    }

    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** HMAC-SM3 under key {@code keyId} of {@code previous} (the empty array for a chain's first link) followed by {@code record}. */
    public byte[] link(String keyId, byte[] previous, byte[] record) {
        HmacSm3 mac = keys.get(keyId);
        if (mac == null) {
            throw new IllegalStateException("ledger chain key " + keyId + " is not configured (jifen.ledger.chain.keys)");
        }
        return mac.mac(previous, record);
    }
}
