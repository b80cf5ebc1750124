--liquibase formatted sql

--changeset jifen:hub-008-notice-redaction
-- Notifications were kept as the supplier sent them, the aggregator's card codes included (encrypted under our app
-- secret, which is in configuration: as good as in clear). Now each keeps the SHA-256 of the body as received and its
-- fields with the codes redacted. Rows kept before are redacted the same way: the digest of the payload as stored (it
-- was the body), then "cards" replaced. Every stored payload verified as a JSON object; one that would not read as JSON
-- is replaced whole. The table is under forced row-level security, which would hide every row from this script; the
-- owner lifts the force for the update and puts it back.
alter table supplier_hub.supplier_notice add column body_sha256 text;
alter table supplier_hub.supplier_notice no force row level security;
update supplier_hub.supplier_notice set body_sha256 = encode(sha256(convert_to(payload, 'UTF8')), 'hex');
-- A case, not "and", so that a payload is read as JSON only once it is known to be JSON; "->", not the jsonb key-exists
-- operator, which the JDBC driver would take for a parameter.
update supplier_hub.supplier_notice
   set payload = case when not pg_input_is_valid(payload, 'jsonb') then '"[redacted: not JSON]"'
                      when jsonb_typeof(payload::jsonb) <> 'object' then '"[redacted: not a JSON object]"'
                      when payload::jsonb -> 'cards' is not null then jsonb_set(payload::jsonb, '{cards}', '"[redacted]"')::text
                      else payload end
 where payload like '%card%';
alter table supplier_hub.supplier_notice force row level security;
alter table supplier_hub.supplier_notice alter column body_sha256 set not null;
comment on column supplier_hub.supplier_notice.payload is 'the notification''s fields, e-voucher codes redacted';
comment on column supplier_hub.supplier_notice.body_sha256 is 'SHA-256 (hex) of the notification''s body as received';
