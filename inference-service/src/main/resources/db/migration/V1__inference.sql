-- The idempotency and cost ledger: one row per (run, image). A worker claims the pair by inserting the row in
-- state IN_FLIGHT (in its own committed transaction) before it calls a provider; when done, the row holds the
-- status, tokens and cost, and the published PredictionMade verbatim, which a redelivered request re-publishes.
create table ledger (
    run_id           text not null,
    image_id         text not null,
    status           text not null,          -- IN_FLIGHT, then the PredictionStatus that was published
    dataset_id       text not null,
    provider         text not null,
    model            text not null,
    prompt_id        text not null,
    prompt_hash      text,
    request_event_id text,
    claim_token      text not null,
    claimed_at       timestamptz not null,
    takeovers        integer not null default 0,
    event_id         text,
    event_json       text,
    http_status      integer,
    cost_usd         numeric(18, 9) not null default 0,
    input_tokens     bigint not null default 0,
    output_tokens    bigint not null default 0,
    cached_tokens    bigint not null default 0,
    reasoning_tokens bigint not null default 0,
    image_tokens     bigint not null default 0,
    attempts         integer not null default 0,
    latency_ms       bigint,
    source_sha256    text,
    sent_width       integer,
    sent_height      integer,
    sent_bytes       integer,
    sent_sha256      text,
    created_at       timestamptz not null,
    completed_at     timestamptz,
    primary key (run_id, image_id)
);
create index ledger_run_status on ledger (run_id, status);
