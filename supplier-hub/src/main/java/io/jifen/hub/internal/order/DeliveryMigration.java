package io.jifen.hub.internal.order;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Seals the delivery details that orders placed before changeset 010 hold in clear, empties the clear column and
 * replaces the plain digest in their fingerprint with a keyed one ({@link DeliverySealing#fingerprint}), on
 * every start (a no-op once none is left). A start-up step, not a Liquibase one: the key service is the embedding
 * application's bean, and the hub depends on nothing of the platform's migrations. Tenant by tenant (the orders are
 * under row-level security), in batches, each row sealed and emptied in one update; instances starting together skip
 * each other's rows. Until an order is migrated, the worker reads its clear details ({@link DeliverySealing#open}).
 */
@Component
class DeliveryMigration implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMigration.class);
    private static final int BATCH = 200;

    /** An order's clear details, in the layout the hub writes (jsonb prints its own), which its fingerprint is made of. */
    private record Clear(String orderNo, UUID member, String supplier, String skuId, int quantity, String json) {
    }

    private final JdbcClient jdbc;
    private final TenantScope tenants;
    private final HubTenants hubTenants;
    private final DeliverySealing sealing;

    DeliveryMigration(JdbcClient jdbc, TenantScope tenants, HubTenants hubTenants, DeliverySealing sealing) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
        this.sealing = sealing;
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = sealClearDetails();
        if (sealed > 0) {
            log.info("sealed the delivery details of {} orders placed before they were encrypted", sealed);
        }
    }

    /** Seals every order's clear delivery details; answers how many orders it sealed. */
    int sealClearDetails() {
        int sealed = 0;
        for (UUID tenant : hubTenants.all()) {
            int batch;
            do {
                batch = tenants.call(tenant, () -> sealBatch(tenant));
                sealed += batch;
            } while (batch == BATCH);
        }
        return sealed;
    }

    private int sealBatch(UUID tenant) {
        List<Clear> clear = jdbc.sql("""
                        select order_no, member_id, supplier_id, sku_id, quantity, delivery::text from supplier_hub.supplier_order
                        where delivery is not null order by order_no limit ? for update skip locked""")
                .param(BATCH)
                .query((rs, n) -> new Clear(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5),
                        DeliveryDetails.canonical(rs.getString(6))))
                .list();
        for (Clear order : clear) {
            jdbc.sql("""
                            update supplier_hub.supplier_order set delivery_sealed = ?, delivery = null, fingerprint = ?
                            where order_no = ? and delivery is not null""")
                    .params(sealing.seal(order.json(), tenant, order.orderNo()),
                            sealing.fingerprint(tenant, order.member(), order.supplier(), order.skuId(), order.quantity(), order.json()),
                            order.orderNo())
                    .update();
        }
        return clear.size();
    }
}
