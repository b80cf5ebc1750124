package io.jifen.platform.identity;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
import io.jifen.platform.identity.IdentityProviders.IdentityProviderView;
import io.jifen.platform.identity.IdentityProviders.NewIdentityProvider;
import io.jifen.platform.tenancy.TenantRegistry;

/** The tenant admin's companies' identity providers (docs/architecture.md, "Identity"). */
@RestController
class IdentityProviderController {

    record IdentityProviderRequest(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}") String alias,
                                   @NotBlank @Size(max = 100) String displayName,
                                   @NotBlank @Size(max = 2048) String issuer,
                                   @NotBlank @Size(max = 255) String clientId,
                                   @NotBlank @Size(max = 1024) String clientSecret,
                                   @NotBlank @Size(max = 253) @Pattern(regexp = "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}") String emailDomain) {
    }

    private final IdentityProviders providers;
    private final TenantRegistry tenants;

    private final AuditTrail audit;

    IdentityProviderController(IdentityProviders providers, TenantRegistry tenants, AuditTrail audit) {
        this.audit = audit;
        this.providers = providers;
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/identity-providers")
    List<IdentityProviderView> list() {
        return providers.list(tenants.current());
    }

    @PostMapping("/api/v1/identity-providers")
    @ResponseStatus(HttpStatus.CREATED)
    IdentityProviderView create(@Valid @RequestBody IdentityProviderRequest request) {
        var created = providers.create(tenants.current(), new NewIdentityProvider(request.alias(), request.displayName(), request.issuer(),
                request.clientId(), request.clientSecret(), request.emailDomain()));
        // Keycloak holds the provider (its secret only there): no database transaction to join, recorded once it exists.
        audit.record(AuditedChange.of("identity-provider", created.alias(), null, created));
        return created;
    }

    @DeleteMapping("/api/v1/identity-providers/{alias}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String alias) {
        var tenant = tenants.current();
        var before = providers.list(tenant).stream().filter(idp -> idp.alias().equals(alias)).findFirst().orElse(null);
        providers.delete(tenant, alias);
        audit.record(AuditedChange.of("identity-provider", alias, before, null));
    }
}
