package io.jifen.platform.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

/** A tenant's back-end client in Keycloak (client credentials). The secret lives only in Keycloak. */
@Entity
@Table(name = "api_client")
class ApiClient {

    // The table's key is (tenant_id, id); ids are random UUIDs, so Hibernate can identify rows by id alone.
    @TenantId
    private UUID tenantId;
    @Id
    private UUID id;
    private String clientId;
    private String keycloakId;
    private String name;
    private Instant createdAt;
    private Instant secretRotatedAt;

    protected ApiClient() {
    }

    ApiClient(UUID id, String clientId, String keycloakId, String name, Instant now) {
        this.id = id;
        this.clientId = clientId;
        this.keycloakId = keycloakId;
        this.name = name;
        this.createdAt = now;
        this.secretRotatedAt = now;
    }

    UUID id() {
        return id;
    }

    String clientId() {
        return clientId;
    }

    String keycloakId() {
        return keycloakId;
    }

    String name() {
        return name;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant secretRotatedAt() {
        return secretRotatedAt;
    }

    void secretRotated(Instant now) {
        this.secretRotatedAt = now;
    }
}
