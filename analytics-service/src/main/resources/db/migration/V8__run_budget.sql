-- The run's spending limit in USD (RunChanged.parameters.budgetUsd, as ingest sets it and a resume changes it);
-- null when the run has none.
alter table run add column budget_usd numeric(14, 6);
