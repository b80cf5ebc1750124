package io.jifen.platform.storefront;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;

/** The message key of a refusal: the mall's own words for its type (an expired link, a sold-out item) when it has them, else its kind's. */
@Component
public final class ProblemTexts {

    private final MessageSource messages;

    ProblemTexts(MessageSource messages) {
        this.messages = messages;
    }

    public String key(DomainException problem) {
        String byType = "problem." + problem.type();
        return messages.getMessage(byType, null, null, Locale.ROOT) != null ? byType : "problem.kind." + problem.kind().name();
    }
}
