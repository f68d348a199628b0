-- Inference drops the requests of a paused run, so resuming sends again what was sent but never answered;
-- "resend" marks those rows so that the run's expected count does not count them twice.
alter table run_image add column resend boolean not null default false;
