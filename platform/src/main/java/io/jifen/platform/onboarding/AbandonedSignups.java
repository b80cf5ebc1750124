package io.jifen.platform.onboarding;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Removes sign-ups left unfinished for longer than {@code jifen.onboarding.abandon-after} (an admin who never verified,
 * a sign-up with someone else's address, one that failed and was not resumed): first what it made in Keycloak, then its
 * registry row, which frees the slug. Safe to run on every instance at once: each removal finds before it deletes.
 */
@Component
class AbandonedSignups {

    private static final Logger log = LoggerFactory.getLogger(AbandonedSignups.class);

    private final TenantRegistry tenants;
    private final KeycloakDirectory directory;
    private final OnboardingProperties properties;
    private final Clock clock;

    AbandonedSignups(TenantRegistry tenants, KeycloakDirectory directory, OnboardingProperties properties, Clock clock) {
        this.tenants = tenants;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${jifen.onboarding.schedule.abandoned-signups:0 */5 * * * *}", zone = "UTC")
    void scheduled() {
        removeAbandoned();
    }

    /** Removes every abandoned sign-up and returns the slugs it freed; one that cannot be removed now is left for the next run. */
    List<String> removeAbandoned() {
        List<String> freed = new ArrayList<>();
        for (Tenant tenant : tenants.provisioningSince(clock.instant().minus(properties.abandonAfter()))) {
            try {
                directory.removeTenant(tenant.id(), "tenant-" + tenant.slug() + "-api", tenants.adminEmail(tenant));
                if (tenants.removeProvisioning(tenant.id())) {
                    freed.add(tenant.slug());
                    log.info("removed the abandoned sign-up of {} ({}), registered at {}", tenant.slug(), tenant.id(), tenant.createdAt());
                }
            } catch (RuntimeException e) {
                log.warn("could not remove the abandoned sign-up of {} ({}) yet: {}", tenant.slug(), tenant.id(), e.toString());
            }
        }
        return freed;
    }
}
