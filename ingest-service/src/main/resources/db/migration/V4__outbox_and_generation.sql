-- Transactional outbox: every event ingest publishes is first a row here, inserted in the transaction that
-- makes the state change it announces; OutboxRelay publishes committed rows in id order (same event id) and
-- deletes them once Kafka acknowledged them. Rows left by a crash or a broker outage are simply sent later.
create table outbox (
    id         bigserial primary key,
    topic      text not null,
    record_key text not null,
    event_id   text not null,
    payload    text not null,
    created_at timestamptz not null default now()
);

-- Every lifecycle decision of a run increments its generation; RunChanged and InferenceRequested carry it so
-- that inference applies only newer decisions (a stale PAUSED can no longer shadow a resume).
alter table run add column generation bigint not null default 0;

-- The watchdog looks for requests sent long ago and still unanswered.
create index run_image_sent_unanswered on run_image (run_id, sent_at) where status is null and sent_at is not null;

-- Images are announced through the outbox in the transaction that stores them: nothing is left unpublished.
update image set published_at = coalesce(published_at, created_at);
