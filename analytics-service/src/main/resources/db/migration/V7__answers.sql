-- What each model said about each image, from the predictions topic, for the web page's image drill-down: one row
-- per (run, image). A higher request attempt (a retried failed image) replaces the row of a lower one and adds its
-- cost, tokens and attempts (every attempt was paid for); a redelivered same-or-lower attempt changes nothing.
create table answer (
    run_id           text not null,
    image_id         text not null,
    dataset_id       text not null,
    provider         text not null,
    model            text not null,
    simulated        boolean not null,
    prompt_id        text,
    status           text not null,
    request_attempt  integer not null,
    -- model calls made for the image, over every request attempt stored
    attempts         integer not null,
    http_status      integer,
    error_type       text,
    error            text,
    -- the parsed GeoAnswer as JSON (null unless parsed); its reasoning is kept once, in the reasoning column
    answer           jsonb,
    -- the model's raw text, capped at 64 KiB (UTF-8) with a truncation marker at its end; raw_truncated says so
    raw_response     text,
    raw_truncated    boolean not null,
    reasoning        text,
    input_tokens     bigint not null,
    output_tokens    bigint not null,
    reasoning_tokens bigint not null,
    cost_usd         numeric(18, 9) not null,
    latency_ms       bigint not null,
    event_id         text,
    occurred_at      timestamptz not null,
    primary key (run_id, image_id)
);
-- The drill-down reads one image of a dataset across its runs, from both tables.
create index answer_image on answer (dataset_id, image_id);
create index score_image on score (dataset_id, image_id);
