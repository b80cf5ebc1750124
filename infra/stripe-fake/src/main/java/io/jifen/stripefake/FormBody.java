package io.jifen.stripefake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's parameters as Stripe reads them: {@code application/x-www-form-urlencoded} with nested keys,
 * {@code metadata[order]=o-1}, {@code payment_method_data[type]=alipay}, and lists as {@code payment_method_types[]=card}
 * or {@code payment_method_types[0]=card} (the way stripe-java sends them). Values are a tree of maps, lists and strings.
 */
public final class FormBody {

    private final Map<String, Object> values;

    private FormBody(Map<String, Object> values) {
        this.values = values;
    }

    public static FormBody empty() {
        return new FormBody(Map.of());
    }

    /** Decodes a body (or a query string); a key that is not {@code name} followed by {@code [part]}s is a 400 naming it. */
    public static FormBody parse(String encoded) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return new FormBody(root);
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            put(root, path(key), value, key);
        }
        return new FormBody(listsFromIndexes(root));
    }

    /** The parts of a nested key: {@code a[b][]} is {@code a}, {@code b}, and an empty part (append to a list). */
    static List<String> path(String key) {
        int open = key.indexOf('[');
        String head = open < 0 ? key : key.substring(0, open);
        if (head.isEmpty()) {
            throw invalidKey(key);
        }
        List<String> parts = new ArrayList<>();
        parts.add(head);
        int at = open;
        while (at >= 0 && at < key.length()) {
            if (key.charAt(at) != '[') {
                throw invalidKey(key);
            }
            int close = key.indexOf(']', at);
            if (close < 0) {
                throw invalidKey(key);
            }
            parts.add(key.substring(at + 1, close));
            at = close + 1;
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value, String key) {
        Object node = root;
        for (int i = 0; i < path.size(); i++) {
            String part = path.get(i);
            boolean last = i == path.size() - 1;
            if (node instanceof Map<?, ?> map) {
                var children = (Map<String, Object>) map;
                if (part.isEmpty()) {
                    throw invalidKey(key);
                }
                if (last) {
                    if (children.get(part) instanceof Map<?, ?> || children.get(part) instanceof List<?>) {
                        throw invalidKey(key);
                    }
                    children.put(part, value);
                    return;
                }
                Object next = children.get(part);
                if (next == null) {
                    next = path.get(i + 1).isEmpty() ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                    children.put(part, next);
                } else if (next instanceof String) {
                    throw invalidKey(key);
                }
                node = next;
            } else {
                var list = (List<Object>) node;
                if (!part.isEmpty()) {
                    throw invalidKey(key);
                }
                if (last) {
                    list.add(value);
                    return;
                }
                // a[][b]: Stripe's form of a list of hashes is indexed; an appended hash is not supported.
                throw invalidKey(key);
            }
        }
    }

    /** {@code a[0]=x&a[1]=y} becomes the list {@code [x, y]} (in index order); other maps stay maps. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> listsFromIndexes(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(key, convert(value)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Object value) {
        if (value instanceof Map<?, ?> map) {
            var children = listsFromIndexes((Map<String, Object>) map);
            if (!children.isEmpty() && children.keySet().stream().allMatch(k -> k.chars().allMatch(Character::isDigit) && k.length() < 6)) {
                return new ArrayList<>(new TreeMap<Integer, Object>(toIndexed(children)).values());
            }
            return children;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(FormBody::convert).toList());
        }
        return value;
    }

    private static Map<Integer, Object> toIndexed(Map<String, Object> children) {
        Map<Integer, Object> indexed = new TreeMap<>();
        children.forEach((key, value) -> indexed.put(Integer.parseInt(key), value));
        return indexed;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StripeFakeException.invalid("Invalid URL encoding in the request body", null);
        }
    }

    private static StripeFakeException invalidKey(String key) {
        return StripeFakeException.invalid("Invalid parameter name: " + key, key);
    }

    /** All parameters, as a tree of maps, lists and strings. */
    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A string parameter, or null; a hash or list where a string is expected is a 400 naming it. */
    public String string(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw StripeFakeException.invalid("Invalid string: " + name, name);
    }

    /** A string inside a hash parameter ({@code payment_method_data[type]}), or null. */
    public String string(String hash, String name) {
        Map<String, Object> map = map(hash);
        Object value = map.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw StripeFakeException.invalid("Invalid string: " + hash + "[" + name + "]", hash + "[" + name + "]");
    }

    /** An integer parameter (Stripe's amounts), or null; anything else is a 400 naming it. */
    public Long integer(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StripeFakeException.invalid("Invalid integer: " + value, name);
        }
    }

    /** A boolean parameter ({@code true}/{@code false}), or false when absent. */
    public boolean bool(String name) {
        String value = string(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw StripeFakeException.invalid("Invalid boolean: " + value, name);
    }

    /** A hash parameter, or an empty map. Stripe's way to clear a hash ({@code metadata=}) is an empty map too. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw StripeFakeException.invalid("Invalid hash: " + name, name);
    }

    /** A list of strings, or an empty list. */
    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw StripeFakeException.invalid("Invalid array: " + name, name);
    }

    /** A hash of strings (metadata), or an empty map. */
    public Map<String, String> stringMap(String name) {
        Map<String, String> result = new LinkedHashMap<>();
        map(name).forEach((key, value) -> {
            if (!(value instanceof String text)) {
                throw StripeFakeException.invalid("Invalid string: " + name + "[" + key + "]", name + "[" + key + "]");
            }
            result.put(key, text);
        });
        return result;
    }
}
