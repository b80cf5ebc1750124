package io.jifen.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Data keys by id: new values are sealed with the current key under the configured algorithm; every listed key still
 * opens the values it sealed, so keys rotate by adding a new one, making it current, re-sealing at leisure, and
 * dropping the old one once no stored value names it.
 */
public final class KeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Algorithm algorithm;
    private final String currentKeyId;
    private final Map<String, byte[]> keys;

    public KeyRing(Algorithm algorithm, String currentKeyId, Map<String, byte[]> keys) {
        this.algorithm = algorithm;
        Map<String, byte[]> copy = new TreeMap<>();
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new CryptoException("key id '" + id + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            copy.put(id, key.clone());
        });
        this.keys = Collections.unmodifiableMap(copy);
        byte[] current = this.keys.get(currentKeyId);
        if (current == null) {
            throw new CryptoException("the current key '" + currentKeyId + "' is not among the keys " + this.keys.keySet());
        }
        if (current.length != algorithm.keyBytes()) {
            throw new CryptoException("the current key '" + currentKeyId + "' has " + current.length + " bytes; " + algorithm
                    + " takes " + algorithm.keyBytes());
        }
        this.currentKeyId = currentKeyId;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    byte[] current() {
        return keys.get(currentKeyId);
    }

    byte[] key(String id) {
        byte[] key = keys.get(id);
        if (key == null) {
            throw new CryptoException("value is sealed with key '" + id + "', which is not configured (keys: " + keys.keySet() + ")");
        }
        return key;
    }
}
