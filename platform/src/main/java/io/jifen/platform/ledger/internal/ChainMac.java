package io.jifen.platform.ledger.internal;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.springframework.stereotype.Component;

/**
 * The links of the ledger's chain: HMAC-SM3 (GB/T 32905, RFC 2104) with a key chosen by id. Kept to this one class so
 * that it can move to a shared crypto module. Keys come from {@code jifen.ledger.chain.keys.<id>} (base64, at least
 * 32 bytes); new links use {@code jifen.ledger.chain.current-key}, older ones name the key they were made with.
 */
@Component
public class ChainMac {

    /** The length of a link in bytes (an SM3 digest). */
    public static final int LENGTH = 32;

    private final Map<String, byte[]> keys = new HashMap<>();
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
                keys.put(id, key);
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
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("ledger chain key " + keyId + " is not configured (jifen.ledger.chain.keys)");
        }
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(previous, 0, previous.length);
        mac.update(record, 0, record.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
