package io.jifen.platform.storefront;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.web.ProblemStatuses;

/**
 * The mall's pages answer refusals with a page in the member's language and the refusal's status (the API's
 * problem+json is for programs): a title by the problem's type where the mall has one, else by its kind.
 */
@ControllerAdvice(basePackageClasses = StorefrontAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StorefrontAdvice {

    private static final Logger log = LoggerFactory.getLogger(StorefrontAdvice.class);

    private final MessageSource messages;
    private final ProblemTexts texts;

    StorefrontAdvice(MessageSource messages, ProblemTexts texts) {
        this.messages = messages;
        this.texts = texts;
    }

    /** The refusals' message keys, for pages that show a refusal in place (the calculator, checkout). */
    @ModelAttribute("problems")
    ProblemTexts problems() {
        return texts;
    }

    /** Formats for every page, in the mall's time zone. */
    @ModelAttribute("fmt")
    Formats formats(HttpServletRequest request) {
        return new Formats(request.getAttribute(MallRequestFilter.BRAND) instanceof Brand brand ? brand.timeZone() : Brand.unknown().timeZone());
    }

    @ExceptionHandler(SignInRequired.class)
    String signIn(SignInRequired required, HttpServletRequest request, HttpServletResponse response) {
        String login = required.brand().root() + "login";
        if (MallRequests.htmx(request)) {
            response.setHeader("HX-Redirect", login);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            return "storefront/empty";
        }
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", login);
        return "storefront/empty";
    }

    @ExceptionHandler(DomainException.class)
    String refused(DomainException problem, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return page(request, response, model, locale, ProblemStatuses.of(problem.kind()), texts.key(problem), problem.getMessage());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    String badRequest(Exception problem, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return page(request, response, model, locale, HttpStatus.BAD_REQUEST, "problem.kind.INVALID", "");
    }

    @ExceptionHandler(RuntimeException.class)
    String failed(RuntimeException problem, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        log.error("mall page {} failed", request.getRequestURI(), problem);
        return page(request, response, model, locale, HttpStatus.INTERNAL_SERVER_ERROR, "problem.failed", "");
    }

    private String page(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale, HttpStatus status, String key,
                        String detail) {
        response.setStatus(status.value());
        model.addAttribute("brand", request.getAttribute(MallRequestFilter.BRAND) instanceof Brand brand ? brand : Brand.unknown());
        model.addAttribute("signedIn", request.getAttribute(MallRequestFilter.SHOPPER) != null);
        model.addAttribute("status", status.value());
        model.addAttribute("problemKey", key);
        model.addAttribute("detail", messages.getMessage(key + ".detail", null, detail, locale));
        return "storefront/problem";
    }
}
