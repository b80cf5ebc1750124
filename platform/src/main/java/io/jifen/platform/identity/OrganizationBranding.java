package io.jifen.platform.identity;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.platform.tenancy.TenantBrandingChanged;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Keeps the tenant's Keycloak Organization showing its current name and logo. Through the event publication registry:
 * a Keycloak that is down leaves the publication incomplete, to be handed out again. It writes what the tenant has now,
 * not what the event carried, so two changes handled out of order still end on the latest, and a repeat changes nothing.
 */
@Component
class OrganizationBranding {

    private final KeycloakDirectory directory;
    private final TenantRegistry tenants;

    OrganizationBranding(KeycloakDirectory directory, TenantRegistry tenants) {
        this.directory = directory;
        this.tenants = tenants;
    }

    @Async
    @TransactionalEventListener
    void on(TenantBrandingChanged changed) {
        tenants.find(changed.tenantId()).ifPresent(tenant -> directory.brandOrganization(tenant.id(), tenant.name(), tenant.logoUrl()));
    }
}
