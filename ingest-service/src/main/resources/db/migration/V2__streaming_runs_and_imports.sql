-- Images whose truth is known but whose bytes are not (the images of imported results): no sha256, no media
-- type, size 0. Such images are never sent to a live run; importing their bytes later fills these columns.
alter table image alter column sha256 drop not null;
alter table image alter column media_type drop not null;

-- Runs: snapshot (the images present when the run starts), open (follows images added later) or imported
-- (answers recorded elsewhere); an optional budget; where an imported run came from; why the status changed.
alter table run add column mode text not null default 'snapshot';
alter table run add column budget_usd numeric(18, 6);
alter table run add column source text;
alter table run add column status_reason text;
create index run_dataset_status on run (dataset_id, status);

-- One row per (run, image) the run covers: the current attempt, when its request was acknowledged by Kafka
-- (null: still to send), the status of the latest prediction for it (null: none yet) and, for imported runs,
-- the recorded answer (ImportedResult JSON).
create table run_image (
    run_id       text not null references run (id),
    image_id     text not null,
    attempt      integer not null default 1,
    sent_at      timestamptz,
    status       text,
    predicted_at timestamptz,
    imported     text,
    primary key (run_id, image_id)
);
create index run_image_unsent on run_image (run_id, image_id) where sent_at is null;
create index run_image_unanswered on run_image (run_id) where status is null;
