--liquibase formatted sql

--changeset jifen:hub-005-index-backlog
-- SKUs whose search documents must be written again (a tenant changed its selection). The change and its row here
-- commit together; the document is written right after, and when Elasticsearch is down the row stays until the
-- backlog is drained, so a selection is never lost to search.
create table supplier_hub.index_backlog (
    supplier_id text        not null,
    sku_id      text        not null,
    queued_at   timestamptz not null default clock_timestamp(),
    primary key (supplier_id, sku_id),
    foreign key (supplier_id, sku_id) references supplier_hub.sku (supplier_id, sku_id)
);
