--liquibase formatted sql

--changeset jifen:066-notifications
-- What the platform tells members (docs/architecture.md, "Notifications"): one row per cause (the event that made it),
-- so an event delivered twice is one notification. The member's inbox reads it newest first.
create table platform.notification (
    tenant_id  uuid        not null references platform.tenant (id),
    id         uuid        not null,
    member_id  uuid        not null,
    kind       text        not null check (kind in ('POINTS_EXPIRING', 'MEMBER_DORMANT', 'ORDER_DELIVERED')),
    cause      text        not null,
    data       jsonb       not null,
    created_at timestamptz not null,
    read_at    timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, cause),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index notification_inbox on platform.notification (tenant_id, member_id, created_at desc, id desc);
create index notification_unread on platform.notification (tenant_id, member_id) where read_at is null;
select platform.enable_tenant_isolation('platform.notification');

-- The brand's own back end: where its notifications are posted, which kinds, and the secret that signs them (sealed).
create table platform.notification_webhook (
    tenant_id        uuid        not null references platform.tenant (id),
    url              text        not null,
    kinds            text[]      not null,
    secret_encrypted bytea       not null,
    updated_at       timestamptz not null,
    primary key (tenant_id)
);
select platform.enable_tenant_isolation('platform.notification_webhook');

-- The outbox of posts to the brand's webhook: one per notification, retried with a doubling wait until the receiver
-- answers 2xx (DELIVERED) or the attempts run out (FAILED); DROPPED when the webhook was removed meanwhile.
create table platform.notification_delivery (
    tenant_id       uuid        not null references platform.tenant (id),
    notification_id uuid        not null,
    state           text        not null check (state in ('PENDING', 'DELIVERED', 'FAILED', 'DROPPED')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    delivered_at    timestamptz,
    primary key (tenant_id, notification_id),
    foreign key (tenant_id, notification_id) references platform.notification (tenant_id, id)
);
create index notification_delivery_due on platform.notification_delivery (tenant_id, next_attempt_at) where state = 'PENDING';
select platform.enable_tenant_isolation('platform.notification_delivery');
