--liquibase formatted sql

--changeset jifen:hub-004-settlement
-- Monthly settlement with a supplier: its statement of the month, line by line as received, and how each line and
-- each of our orders delivered in the month came out against the other. A run is one job instance; a month can be
-- settled again (after the supplier corrects its statement), each run kept.
create table supplier_hub.settlement_run (
    id                  bigint      primary key,
    supplier_id         text        not null references supplier_hub.supplier (id),
    month               date        not null check (extract(day from month) = 1),
    started_at          timestamptz not null default now(),
    completed_at        timestamptz,
    matched             integer,
    price_mismatches    integer,
    state_mismatches    integer,
    duplicates          integer,
    missing_at_supplier integer,
    missing_at_hub      integer,
    supplier_total_fen  bigint,
    hub_total_fen       bigint
);
create index settlement_run_supplier on supplier_hub.settlement_run (supplier_id, month);

create table supplier_hub.settlement_line (
    run_id            bigint      not null references supplier_hub.settlement_run (id),
    line_no           integer     not null,
    supplier_order_id text        not null,
    order_no          text        not null,
    sku_id            text        not null,
    quantity          integer     not null check (quantity > 0),
    unit_price_fen    bigint      not null check (unit_price_fen >= 0),
    total_fen         bigint      not null check (total_fen >= 0),
    delivered_at      timestamptz not null,
    primary key (run_id, line_no)
);

-- outcome: MATCHED; PRICE_MISMATCH (billed a different total); STATE_MISMATCH (billed for an order we do not hold as
-- delivered, e.g. one that failed and was refunded); DUPLICATE (billed again); MISSING_AT_SUPPLIER (delivered to us,
-- not billed); MISSING_AT_HUB (billed, no order of ours).
create table supplier_hub.settlement_item (
    run_id             bigint  not null references supplier_hub.settlement_run (id),
    item_no            integer not null,
    order_no           text    not null,
    supplier_order_id  text,
    tenant_id          uuid,
    outcome            text    not null check (outcome in ('MATCHED', 'PRICE_MISMATCH', 'STATE_MISMATCH', 'DUPLICATE',
                                                           'MISSING_AT_SUPPLIER', 'MISSING_AT_HUB')),
    hub_total_fen      bigint,
    supplier_total_fen bigint,
    primary key (run_id, item_no)
);
create index settlement_item_outcome on supplier_hub.settlement_item (run_id, outcome);
create index settlement_line_order on supplier_hub.settlement_line (run_id, order_no);
create index supplier_order_delivered on supplier_hub.supplier_order (supplier_id, delivered_at) where state = 'DELIVERED';
