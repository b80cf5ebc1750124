--liquibase formatted sql

--changeset jifen:hub-010-delivery-sealed
-- An order's delivery details (a recipient's name, mobile and address, a top-up account) are personal data: they are
-- stored sealed with the application's key service (jifen-crypto's envelope: SM4-GCM by default, the tenant, order
-- number and column as authenticated data). Orders placed before hold them in the clear column "delivery" until the
-- hub's start-up step (DeliveryMigration) seals them and empties it; a row holds one form, never both. The clear
-- column is dropped by a later changeset, once every instance has run that step.
alter table supplier_hub.supplier_order add column delivery_sealed bytea;
alter table supplier_hub.supplier_order alter column delivery drop not null;
alter table supplier_hub.supplier_order add constraint supplier_order_delivery_one_form
    check ((delivery is null) <> (delivery_sealed is null));
comment on column supplier_hub.supplier_order.delivery is 'delivery details in clear, only on orders placed before 010 and not yet sealed';
comment on column supplier_hub.supplier_order.delivery_sealed is 'delivery details (JSON), sealed with jifen-crypto';

--changeset jifen:hub-010-delivery-clear-index
-- The start-up step looks for clear rows on every start, tenant by tenant: once there are none, an empty index answers.
create index supplier_order_delivery_clear on supplier_hub.supplier_order (tenant_id) where delivery is not null;
