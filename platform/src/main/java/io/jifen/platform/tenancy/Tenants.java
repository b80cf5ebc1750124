package io.jifen.platform.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface Tenants extends JpaRepository<Tenant, UUID> {

    Optional<Tenant> findBySlug(String slug);

    List<Tenant> findByStatusAndCreatedAtBeforeOrderByCreatedAt(Tenant.Status status, Instant before);
}
