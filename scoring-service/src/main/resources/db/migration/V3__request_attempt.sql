-- A run's "retry failed images" re-sends requests with a higher attempt number; the score of a higher attempt
-- replaces the one of a lower attempt, and its cost adds to theirs (every attempt was paid for).
alter table score add column request_attempt integer not null default 1;
