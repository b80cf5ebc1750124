package io.jifen.platform.audit;

import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takes out of a representation what the audit log must never hold: any field whose name says it holds a secret (its
 * name ends in secret, password, token, key, signature, credential(s), or is a sealed value's {@code *Encrypted})
 * and the fields the module declares sealed. The field stays, its value becomes {@value #REDACTED}, so the log still
 * tells that it was there (a null stays null: nothing was there); whether it changed is not told.
 */
final class Redaction {

    static final String REDACTED = "[redacted]";
    /** How the names of secret values end ({@code clientSecret}, {@code accessToken}); {@code secretRotatedAt} is a time, not a secret. */
    private static final Set<String> SECRET_ENDINGS = Set.of("secret", "password", "token", "key", "signature", "credential", "credentials",
            "encrypted");

    private Redaction() {
    }

    static JsonNode redact(JsonNode node, Set<String> sealedFields) {
        if (node instanceof ObjectNode object) {
            for (String name : Set.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if ((isSecret(name) || sealedFields.contains(name)) && !value.isNull()) {
                    object.put(name, REDACTED);
                } else {
                    redact(value, sealedFields);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> redact(element, sealedFields));
        }
        return node;
    }

    static boolean isSecret(String fieldName) {
        String name = fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return name.equals("sig") || SECRET_ENDINGS.stream().anyMatch(name::endsWith);
    }
}
