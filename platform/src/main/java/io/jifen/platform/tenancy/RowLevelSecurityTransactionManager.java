package io.jifen.platform.tenancy;

import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Starts every transaction by telling PostgreSQL which tenant it is for ({@code app.tenant_id}, transaction-local),
 * so that row-level security isolates JPA, JDBC and native SQL alike. Without a tenant the setting is empty
 * and tenant-owned tables show no rows.
 */
class RowLevelSecurityTransactionManager extends JpaTransactionManager {

    RowLevelSecurityTransactionManager(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        var holder = (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        String tenant = TenantContext.current().map(UUID::toString).orElse("");
        holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (var statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                statement.setString(1, tenant);
                statement.execute();
            }
        });
    }
}
