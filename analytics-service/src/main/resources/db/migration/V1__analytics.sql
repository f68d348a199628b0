-- One row per run, from the runs topic. A score that arrives before any runs event creates a placeholder
-- (status RUNNING, expected_count 0, event_at null) that the first runs event fills in.
create table run (
    run_id         text primary key,
    dataset_id     text not null,
    provider       text not null,
    model          text not null,
    prompt_id      text,
    simulated      boolean not null,
    status         text not null,
    expected_count bigint not null,
    reason         text,
    -- occurredAt of the runs event applied last; an older event is ignored (null: placeholder, none applied)
    event_at       timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index run_dataset on run (dataset_id);
create index run_status on run (status);

-- One row per scored (run, image); the primary key makes the projection idempotent (first write wins).
create table score (
    run_id          text not null,
    image_id        text not null,
    dataset_id      text not null,
    provider        text not null,
    model           text not null,
    simulated       boolean not null,
    status          text not null,
    answered        boolean not null,
    distance_km     double precision,
    geoguessr_score double precision,
    hit_1km         boolean not null,
    hit_25km        boolean not null,
    hit_200km       boolean not null,
    hit_750km       boolean not null,
    hit_2500km      boolean not null,
    cost_usd        numeric(18, 9) not null,
    input_tokens    bigint not null,
    output_tokens   bigint not null,
    latency_ms      bigint not null,
    event_id        text,
    scored_at       timestamptz not null,
    primary key (run_id, image_id)
);
create index score_dataset on score (dataset_id);
