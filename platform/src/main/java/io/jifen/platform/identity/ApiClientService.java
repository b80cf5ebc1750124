package io.jifen.platform.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/** The current tenant's API clients: listing, creating, and rotating their secrets. */
@Service
public class ApiClientService {

    /** An API client as the tenant sees it; {@code secret} is present only in the answer that made it. */
    public record ApiClientView(UUID id, String clientId, String name, java.time.Instant createdAt,
                                java.time.Instant secretRotatedAt, String secret) {

        static ApiClientView of(ApiClient client, String secret) {
            return new ApiClientView(client.id(), client.clientId(), client.name(), client.createdAt(), client.secretRotatedAt(), secret);
        }
    }

    private final ApiClients clients;
    private final KeycloakDirectory directory;
    private final TenantRegistry tenants;
    private final Clock clock;
    private final AuditTrail audit;

    ApiClientService(ApiClients clients, KeycloakDirectory directory, TenantRegistry tenants, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.clients = clients;
        this.directory = directory;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Records the credentials Keycloak issued for the current tenant (idempotent on the client id). */
    @Transactional
    public ApiClientView record(KeycloakDirectory.ClientCredentials credentials, String name) {
        ApiClient client = clients.findByClientId(credentials.clientId()).orElseGet(() -> clients.save(
                new ApiClient(UUID.randomUUID(), credentials.clientId(), credentials.keycloakId(), name, clock.instant())));
        return ApiClientView.of(client, credentials.secret());
    }

    @Transactional(readOnly = true)
    public List<ApiClientView> list() {
        return clients.findAllByOrderByCreatedAt().stream().map(c -> ApiClientView.of(c, null)).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ApiClientView> first() {
        return clients.findAllByOrderByCreatedAt().stream().findFirst().map(c -> ApiClientView.of(c, null));
    }

    /** Creates another API client for the current tenant. */
    public ApiClientView create(String name) {
        UUID tenantId = TenantContext.require();
        String clientId = "tenant-" + tenants.current().slug() + "-" + UUID.randomUUID().toString().substring(0, 8);
        var credentials = directory.ensureApiClient(tenantId, clientId, name);
        var created = record(credentials, name);
        // The client lives in Keycloak: there is no database transaction of the change to join.
        audit.record(AuditedChange.of("api-client", created.id(), null, created));
        return created;
    }

    @Transactional
    public ApiClientView rotateSecret(UUID id) {
        ApiClient client = clients.findById(id).orElseThrow(() -> DomainException.notFound("API client " + id));
        var before = ApiClientView.of(client, null);
        String secret = directory.rotateSecret(client.keycloakId());
        client.secretRotated(clock.instant());
        var after = ApiClientView.of(client, secret);
        audit.record(AuditedChange.of("api-client", id, before, after));
        return after;
    }
}
