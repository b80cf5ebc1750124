package io.jifen.platform.web;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every JSON string a request carries is refused when it is not {@link Texts#clean clean}: a NUL or a lone surrogate
 * would be stored as it is, or break a unique key's comparison, and come back as a misleading answer. Registered with
 * the application's JSON mapper (Spring Boot adds every module bean), so the answer is a 400 naming the field.
 */
@Component
public class CleanTextModule extends SimpleModule {

    public CleanTextModule() {
        super("jifen-clean-text");
        addDeserializer(String.class, new CleanStrings());
    }

    /** The refusal of unclean text: Jifen's own words, so the problem handler passes them on (Jackson's own it does not). */
    static final String REFUSAL = "control characters or broken Unicode (a lone surrogate) are not allowed";

    static final class CleanStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            String text = super.deserialize(p, ctxt);
            if (text != null && !Texts.clean(text)) {
                throw InvalidFormatException.from(p, REFUSAL, text, String.class);
            }
            return text;
        }
    }
}
