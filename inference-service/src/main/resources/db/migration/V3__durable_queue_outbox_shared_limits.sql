-- Issue 8: the ledger becomes a durable queue. The Kafka consumer only inserts QUEUED rows (with the request);
-- per-model dispatchers lease them (IN_FLIGHT until lease_until, database time, renewed while the call runs),
-- and a row whose lease expired goes back to QUEUED (its worker died).
alter table ledger add column request_json text;
alter table ledger add column queued_at timestamptz;
alter table ledger add column lease_until timestamptz;
alter table ledger add column not_before timestamptz;
alter table ledger add column dispatch_failures integer not null default 0;
alter table ledger alter column claim_token drop not null;
alter table ledger alter column claimed_at drop not null;
-- what a dispatcher scans: the queued rows of one model and run, oldest first
create index ledger_queue on ledger (provider, model, run_id, queued_at) where status = 'QUEUED';
create index ledger_leases on ledger (lease_until) where status = 'IN_FLIGHT';

-- The transactional outbox: events are appended in the transaction that makes the change they announce; the relay
-- publishes committed rows (same event id) and deletes them. reason is set for a dead letter.
create table outbox (
    id         bigserial primary key,
    topic      text not null,
    record_key text not null,
    event_id   text not null,
    payload    text not null,
    reason     text,
    created_at timestamptz not null default now()
);

-- Run generations (ingest counts its lifecycle decisions; a newer generation wins) and the fair-share cursor.
alter table run_state add column generation bigint not null default 0;

-- Rate-limit buckets shared by every replica (bucket4j's PostgreSQL proxy manager keeps their state here) and the
-- provider's 429 cool-down, one row per provider/model.
create table rate_bucket (
    id    text primary key,
    state bytea
);
create table cooldown (
    model_key text primary key,
    until     timestamptz not null
);
