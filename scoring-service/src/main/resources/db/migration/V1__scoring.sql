-- Ground truth per image, from the images topic.
create table truth (
    dataset_id text not null,
    image_id   text not null,
    latitude   double precision not null,
    longitude  double precision not null,
    city       text,
    admin1     text,
    country    text,
    primary key (dataset_id, image_id)
);

-- One row per scored (run, image): the primary key makes scoring idempotent.
create table score (
    run_id          text not null,
    image_id        text not null,
    dataset_id      text not null,
    provider        text not null,
    model           text not null,
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
    scored_at       timestamptz not null,
    event_json      text not null,
    primary key (run_id, image_id)
);
create index score_dataset on score (dataset_id);

-- Predictions whose image truth has not arrived yet.
create table pending_prediction (
    run_id      text not null,
    image_id    text not null,
    dataset_id  text not null,
    event_json  text not null,
    received_at timestamptz not null,
    primary key (run_id, image_id)
);
create index pending_prediction_image on pending_prediction (dataset_id, image_id);
