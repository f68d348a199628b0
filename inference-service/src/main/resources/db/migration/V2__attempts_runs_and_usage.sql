-- Issue 3: idempotency per (run, image, attempt) (ingest may re-request failed images as attempt 2, 3...),
-- cache-write tokens, error types, what was sent, imported results, every billed attempt, and run state.
alter table ledger add column attempt integer not null default 1;
alter table ledger drop constraint ledger_pkey;
alter table ledger add primary key (run_id, image_id, attempt);
alter table ledger add column cache_write_tokens bigint not null default 0;
alter table ledger add column error_type text;
alter table ledger add column sent_media_type text;
alter table ledger add column imported boolean not null default false;

-- One row per provider call of a (run, image, attempt): a billed retry counts.
create table ledger_call (
    run_id             text not null,
    image_id           text not null,
    attempt            integer not null,
    call_no            integer not null,
    status             text not null,
    http_status        integer,
    error_type         text,
    cost_usd           numeric(18, 9) not null default 0,
    input_tokens       bigint not null default 0,
    output_tokens      bigint not null default 0,
    cached_tokens      bigint not null default 0,
    cache_write_tokens bigint not null default 0,
    reasoning_tokens   bigint not null default 0,
    latency_ms         bigint not null default 0,
    primary key (run_id, image_id, attempt, call_no)
);

-- What inference knows of a run: paused or budget exhausted by inference, or paused/cancelled/resumed by ingest.
create table run_state (
    run_id         text primary key,
    status         text not null,          -- RUNNING, PAUSED, BUDGET_EXHAUSTED, CANCELLED, COMPLETED
    reason         text,
    changed_at     timestamptz not null,
    expected_count bigint not null default 0,
    dataset_id     text,
    provider       text,
    model          text,
    prompt_id      text,
    simulated      boolean not null default false,
    updated_at     timestamptz not null
);
