--liquibase formatted sql

--changeset jifen:020-rate-limits
-- Bucket4j's token buckets, shared by every replica: one row a bucket (a tenant, an API client, a client address, a
-- supplier), its state serialized by Bucket4j, dropped once the bucket would be full again (expires_at, epoch ms).
-- No tenant's data: the key names whose bucket it is and nothing else.
create table platform.rate_limit_bucket (
    id         text   primary key,
    state      bytea,
    expires_at bigint
);
create index rate_limit_bucket_expires_at on platform.rate_limit_bucket (expires_at);
