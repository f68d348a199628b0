-- Generation of the runs event applied last (RunChanged.generation, null = 0): a newer generation wins over
-- any clock, so a stale PAUSED never shadows a later resume. 0 for placeholders and older events.
alter table run add column generation bigint not null default 0;
