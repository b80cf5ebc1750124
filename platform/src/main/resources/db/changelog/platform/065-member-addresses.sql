--liquibase formatted sql

--changeset jifen:065-member-addresses
-- Members' address books (module address; docs/architecture.md, "The mall on the phone"): the places a member has goods
-- shipped to, each sealed field by field with the field cipher (bound to tenant, address and column), at most one
-- default per member. The partial unique index is the last word when two "make default" requests race: a second
-- default cannot commit. Orders keep their own sealed copy of where they were shipped, so editing the book changes no
-- past order.
create table platform.member_address (
    tenant_id             uuid        not null,
    id                    uuid        not null,
    member_id             uuid        not null,
    recipient_encrypted   bytea       not null,
    phone_encrypted       bytea       not null,
    province_encrypted    bytea       not null,
    city_encrypted        bytea       not null,
    district_encrypted    bytea       not null,
    line_encrypted        bytea       not null,
    postal_code_encrypted bytea,
    is_default            boolean     not null default false,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index member_address_member on platform.member_address (tenant_id, member_id, created_at);
create unique index member_address_one_default on platform.member_address (tenant_id, member_id) where is_default;
select platform.enable_tenant_isolation('platform.member_address');
