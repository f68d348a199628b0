-- A run's leaderboard figures as last computed (service/RunFiguresCache), kept so that a restarted service reads
-- them back instead of recomputing every run: RunStats and RunFigures as JSON, for the run's scores_version.
create table run_figures (
    run_id         text primary key references run (run_id) on delete cascade,
    scores_version bigint not null,
    figures        jsonb not null,
    computed_at    timestamptz not null
);
