package io.jifen.platform.member;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.MemberAccounts;
import io.jifen.platform.identity.MemberAccounts.MemberLogin;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * A member's own login through Keycloak, in the tenant's Organization (the tenant admin's API). Meant for employees,
 * dealers and sales guides, who sign in to the mall themselves; consumers arrive by auto-login links, but are not
 * refused one.
 */
@RestController
class MemberLoginController {

    /** How long the mail's link (verify the address, choose a password) stays valid. */
    static final Duration LINK_LIFESPAN = Duration.ofDays(3);

    record LoginRequest(@NotBlank @Email @Size(max = 254) String email) {
    }

    record LoginView(UUID memberId, String userId, String email, boolean emailVerified, List<String> pendingActions) {

        static LoginView of(UUID memberId, MemberLogin login) {
            return new LoginView(memberId, login.userId(), login.email(), login.emailVerified(), login.pendingActions());
        }
    }

    private final MemberDirectory members;
    private final MemberAccounts accounts;
    private final TenantRegistry tenants;

    MemberLoginController(MemberDirectory members, MemberAccounts accounts, TenantRegistry tenants) {
        this.members = members;
        this.accounts = accounts;
        this.tenants = tenants;
    }

    /** 201 with a new login (Keycloak mailed its owner), 200 when an existing user of the tenant was linked or it was there. */
    @PostMapping("/api/v1/members/{memberId}/login")
    ResponseEntity<LoginView> give(@PathVariable UUID memberId, @Valid @RequestBody LoginRequest request) {
        var member = members.get(memberId);
        var tenant = tenants.current();
        var login = accounts.give(tenant.keycloakOrganizationId(), tenant.id(), member.id(),
                request.email().strip().toLowerCase(Locale.ROOT), LINK_LIFESPAN);
        return ResponseEntity.status(login.created() ? HttpStatus.CREATED : HttpStatus.OK).body(LoginView.of(member.id(), login));
    }

    @DeleteMapping("/api/v1/members/{memberId}/login")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID memberId) {
        var member = members.get(memberId);
        accounts.remove(TenantContext.require(), member.id());
    }
}
