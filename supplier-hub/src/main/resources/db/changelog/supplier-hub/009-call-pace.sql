--liquibase formatted sql

--changeset jifen:hub-009-call-pace
-- The next free slot of calls to each supplier, shared by every instance of the hub: a supplier's rate limit is per
-- account, so the instances pace their calls together (SharedCallPacer). Hub-level: no tenant's data.
create table supplier_hub.call_pace (
    supplier_id text        primary key references supplier_hub.supplier (id),
    next_slot   timestamptz not null
);
