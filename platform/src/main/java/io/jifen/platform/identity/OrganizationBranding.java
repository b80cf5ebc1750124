package io.jifen.platform.identity;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.platform.tenancy.TenantBrandingChanged;

/**
 * Keeps the tenant's Keycloak Organization showing its current name and logo. Through the event publication registry:
 * a Keycloak that is down leaves the publication incomplete, to be handed out again; setting the same values twice
 * changes nothing.
 */
@Component
class OrganizationBranding {

    private final KeycloakDirectory directory;

    OrganizationBranding(KeycloakDirectory directory) {
        this.directory = directory;
    }

    @Async
    @TransactionalEventListener
    void on(TenantBrandingChanged changed) {
        directory.brandOrganization(changed.tenantId(), changed.name(), changed.logoUrl());
    }
}
