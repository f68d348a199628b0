-- A named collection of geotagged images.
create table dataset (
    id          text primary key,
    name        text not null,
    description text,
    created_at  timestamptz not null
);

-- One image of a dataset: its bytes live in the blob store under sha256, the truth lives here.
-- published_at is set once the ImageIngested event was acknowledged by Kafka; a re-import publishes again
-- the rows where it is still null (a publication that failed after the commit).
create table image (
    dataset_id   text not null references dataset (id),
    image_id     text not null,
    sha256       char(64) not null,
    media_type   text not null,
    size_bytes   bigint not null,
    latitude     double precision not null,
    longitude    double precision not null,
    city         text,
    admin1       text,
    country      text,
    attributes   text not null default '{}',
    created_at   timestamptz not null,
    published_at timestamptz,
    primary key (dataset_id, image_id)
);
create index image_sha256 on image (sha256);

-- A run: one model with one prompt over every image of a dataset.
create table run (
    id             text primary key,
    dataset_id     text not null references dataset (id),
    provider       text not null,
    model          text not null,
    prompt_id      text not null,
    parameters     text not null default '{}',
    simulated      boolean not null,
    status         text not null,
    expected_count bigint not null default 0,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index run_dataset on run (dataset_id);
