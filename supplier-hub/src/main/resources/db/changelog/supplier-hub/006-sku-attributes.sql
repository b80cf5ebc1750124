--liquibase formatted sql

--changeset jifen:hub-006-sku-attributes
-- The supplier's named facts about a SKU (weight, barcode, face value, validity), as a JSON object of strings.
-- jsonb keeps keys sorted, not in the supplier's order; json keeps the order, and nothing queries inside it.
alter table supplier_hub.sku add column attributes json not null default '{}';
