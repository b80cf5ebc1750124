package io.jifen.platform.me;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Signed auto-login links over HTTP: the link itself ({@code POST /api/v1/auto-login?tenant=..&member=..&ts=..&nonce=..
 * &redirect=..&sig=..}, public: the signature is the proof) and the tenant admin's secret and setting.
 */
@RestController
class AutoLoginController {

    record SettingBody(boolean createUnknownMembers) {
    }

    private final AutoLogin autoLogin;
    private final TenantRegistry tenants;

    AutoLoginController(AutoLogin autoLogin, TenantRegistry tenants) {
        this.autoLogin = autoLogin;
        this.tenants = tenants;
    }

    /**
     * Opens a member session from a link the brand's back end signed. An unknown or inactive tenant slug is checked as
     * a tenant without a secret, so it gets the same 401 as a wrong signature.
     */
    @PostMapping("/api/v1/auto-login")
    AutoLogin.Session open(@RequestParam(required = false) @Nullable String tenant, @RequestParam(required = false) @Nullable String member,
                           @RequestParam(required = false) @Nullable String ts, @RequestParam(required = false) @Nullable String nonce,
                           @RequestParam(required = false) @Nullable String redirect, @RequestParam(required = false) @Nullable String sig) {
        var link = new AutoLoginLink(required("tenant", tenant), required("member", member), required("ts", ts), required("nonce", nonce),
                redirect, required("sig", sig));
        var found = tenants.findActiveBySlug(link.tenant()).map(Tenant::id);
        return TenantContext.callAs(found.orElse(TenantContext.NO_TENANT), () -> autoLogin.open(link));
    }

    /** A tenant admin issues (or rotates) the auto-login secret; it is shown this once and the old one stops working. */
    @PostMapping("/api/v1/auto-login/secret")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> rotate() {
        return Map.of("secret", autoLogin.rotateSecret());
    }

    @GetMapping("/api/v1/auto-login/settings")
    AutoLogin.Setting setting() {
        return autoLogin.setting();
    }

    /** Whether a link naming an unknown external id creates the member (a consumer) on first arrival. */
    @PutMapping("/api/v1/auto-login/settings")
    AutoLogin.Setting update(@RequestBody SettingBody body) {
        return autoLogin.update(body.createUnknownMembers());
    }

    private static String required(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw DomainException.invalidField(name, "required");
        }
        return value;
    }
}
