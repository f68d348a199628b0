-- A run's "retry failed images" re-sends requests with a higher attempt number; the score of a higher attempt
-- replaces the one of a lower attempt (its cost and tokens add up: both attempts were paid for).
alter table score add column request_attempt integer not null default 1;
