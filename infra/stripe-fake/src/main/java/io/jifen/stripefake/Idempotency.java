package io.jifen.stripefake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Stripe's idempotent requests: the first POST under an {@code Idempotency-Key} runs and its answer is kept; the same key
 * with the same method, path and body gets that answer again, with anything else a 400 {@code idempotency_error}, and
 * while the first still runs a 409. As at Stripe, an answer is kept once the endpoint ran (a success or a card decline),
 * not for a request refused for its parameters, which may be sent again with the key. Keys never expire here.
 */
final class Idempotency {

    record Answer(int status, byte[] body) {
    }

    private record Entry(String fingerprint, CompletableFuture<Answer> answer) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Answer run(String key, String fingerprint, Supplier<Answer> work) {
        Entry mine = new Entry(fingerprint, new CompletableFuture<>());
        Entry first = entries.putIfAbsent(key, mine);
        if (first != null) {
            if (!first.fingerprint().equals(fingerprint)) {
                throw new StripeFakeException(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same "
                        + "parameters they were first used with. Try using a key other than '" + key + "' if you meant to execute a different request.", null);
            }
            if (!first.answer().isDone()) {
                throw new StripeFakeException(409, "invalid_request_error", "idempotency_key_in_use", "There is currently another in-progress "
                        + "request using this Idempotent Key (that probably means you submitted twice, and the other request is still going "
                        + "through): " + key + ". Please try again later.", null);
            }
            return first.answer().join();
        }
        Answer answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            entries.remove(key, mine);
            mine.answer().complete(new Answer(500, new byte[0]));
            throw e;
        }
        if (answer.status() < 400 || answer.status() == 402) {
            mine.answer().complete(answer);
        } else {
            entries.remove(key, mine);
            mine.answer().complete(answer);
        }
        return answer;
    }
}
