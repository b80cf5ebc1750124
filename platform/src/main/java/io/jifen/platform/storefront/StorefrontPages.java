package io.jifen.platform.storefront;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A problem page rendered outside a controller (a refused CSRF token is turned away by the security filters, before
 * any controller): the same template as the controllers' problem pages, in the member's language.
 */
@Component
class StorefrontPages {

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final LocaleResolver locales;

    StorefrontPages(ITemplateEngine templates, MessageSource messages, LocaleResolver locales) {
        this.templates = templates;
        this.messages = messages;
        this.locales = locales;
    }

    void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String messageKey) throws IOException {
        var locale = locales.resolveLocale(request);
        var context = new Context(locale, Map.of(
                "brand", request.getAttribute(MallRequestFilter.BRAND) instanceof Brand brand ? brand : Brand.unknown(),
                "status", status.value(),
                "signedIn", request.getAttribute(MallRequestFilter.SHOPPER) != null,
                "problemKey", messageKey,
                "detail", messages.getMessage(messageKey + ".detail", null, "", locale)));
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.getWriter().write(templates.process("storefront/problem", context));
    }
}
