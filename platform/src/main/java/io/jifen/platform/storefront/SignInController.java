package io.jifen.platform.storefront;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.jifen.platform.me.AutoLogin;
import io.jifen.platform.me.AutoLoginLink;
import io.jifen.platform.problem.DomainException;

/**
 * How members get into a tenant's mall: the brand's signed auto-login link opened as a page (consumers), the sign-in
 * page (with Keycloak for employees and dealers, {@link KeycloakSignIn}) and logging out.
 */
@Controller
class SignInController {

    private final AutoLogin autoLogin;
    private final MallSession sessions;

    SignInController(AutoLogin autoLogin, MallSession sessions) {
        this.autoLogin = autoLogin;
        this.sessions = sessions;
    }

    /**
     * The link the brand's back end signs, as {@code POST /api/v1/auto-login} takes it (the same canonical string, the
     * slug from the path): opens the session and goes to the link's page in the mall, or home. A bad, expired or used
     * link is a page saying so with the refusal's status.
     */
    @GetMapping("/m/{slug}/auto-login")
    String open(@PathVariable String slug, @RequestParam(required = false) @Nullable String member, @RequestParam(required = false) @Nullable String ts,
                @RequestParam(required = false) @Nullable String nonce, @RequestParam(required = false) @Nullable String redirect,
                @RequestParam(required = false) @Nullable String sig, HttpServletRequest request, HttpServletResponse response) {
        Brand brand = MallRequests.brand(request);
        var link = new AutoLoginLink(brand.slug(), required("member", member), required("ts", ts), required("nonce", nonce), redirect,
                required("sig", sig));
        AutoLogin.Session session = autoLogin.open(link);
        sessions.open(request, response, brand, session.memberId());
        String target = session.redirect() == null ? "" : session.redirect().substring(1);
        return "redirect:" + brand.root() + target;
    }

    /** Where a visitor without a session lands: consumers come from the brand's app; employees and dealers sign in. */
    @GetMapping("/m/{slug}/login")
    String login(@PathVariable String slug, HttpServletRequest request, Model model) {
        Brand brand = MallRequests.brand(request);
        if (request.getAttribute(MallRequestFilter.SHOPPER) != null) {
            return "redirect:" + brand.root();
        }
        model.addAttribute("brand", brand);
        model.addAttribute("signedIn", false);
        return "storefront/login";
    }

    @PostMapping("/m/{slug}/logout")
    String logout(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response) {
        Brand brand = MallRequests.brand(request);
        sessions.clear(request, response, brand);
        return "redirect:" + brand.root() + "login?out";
    }

    private static String required(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw DomainException.invalidField(name, "required");
        }
        return value;
    }
}
