package io.jifen.platform.identity;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.identity.TenantUsers.TenantUser;
import io.jifen.platform.tenancy.TenantRegistry;

/** A tenant admin invites, lists and removes the tenant's admins and staff (people who sign in to the console). */
@RestController
class TenantUserController {

    /** How long the invitation's link (verify the address, choose a password) stays valid. */
    static final Duration LINK_LIFESPAN = Duration.ofDays(3);

    /** {@code role}: tenant-admin (the default) or tenant-staff. */
    record Invitation(@NotBlank @Email @Size(max = 254) String email, @Nullable String role) {
    }

    private final TenantUsers users;
    private final TenantRegistry tenants;
    private final AuditTrail audit;

    TenantUserController(TenantUsers users, TenantRegistry tenants, AuditTrail audit) {
        this.users = users;
        this.tenants = tenants;
        this.audit = audit;
    }

    @GetMapping("/api/v1/tenant/admins")
    List<TenantUser> list() {
        return users.list(tenants.current().id());
    }

    /** 201: the user (new, or of this tenant already and now with the role); Keycloak mails a new one the link. */
    @PostMapping("/api/v1/tenant/admins")
    @ResponseStatus(HttpStatus.CREATED)
    TenantUser invite(@Valid @RequestBody Invitation invitation) {
        var tenant = tenants.current();
        var invited = users.invite(tenant.keycloakOrganizationId(), tenant.id(), invitation.email().strip().toLowerCase(Locale.ROOT),
                invitation.role() == null ? Roles.TENANT_ADMIN : invitation.role(), LINK_LIFESPAN);
        // Keycloak holds the user: no database transaction to join, recorded once it exists.
        audit.record(AuditedChange.of("tenant-user", invited.userId(), null, invited));
        return invited;
    }

    @DeleteMapping("/api/v1/tenant/admins/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String userId) {
        var removed = users.remove(tenants.current().id(), userId);
        audit.record(AuditedChange.of("tenant-user", userId, removed, null));
    }
}
