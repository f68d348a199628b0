#!/usr/bin/env bash
# Runs once, on the first start of the postgres container (empty data volume), as the superuser (POSTGRES_USER).
# - role placebench (owner of database placebench; every service connects as it, and Flyway creates the
#   ingest, inference, scoring and analytics schemas at each service's start);
# - role grafana_reader: read-only, USAGE on schema analytics and SELECT on its tables, now and (default
#   privileges) on the tables analytics' migrations create later; nothing on the other schemas.
# Passwords: PLACEBENCH_DB_PASSWORD and GRAFANA_READER_PASSWORD (docker-compose.yml).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="${PLACEBENCH_DB_PASSWORD:-placebench}" \
  -v reader_password="${GRAFANA_READER_PASSWORD:-grafana_reader}" <<'SQL'
create role placebench login password :'owner_password';
create role grafana_reader login password :'reader_password';
create database placebench owner placebench;
\connect placebench
-- Created here (owned by placebench) so that privileges can be granted before the service starts; Flyway
-- accepts an existing empty schema.
create schema if not exists analytics authorization placebench;
revoke all on database placebench from public;
grant connect on database placebench to grafana_reader;
grant usage on schema analytics to grafana_reader;
grant select on all tables in schema analytics to grafana_reader;
alter default privileges for role placebench in schema analytics grant select on tables to grafana_reader;
alter role grafana_reader in database placebench set search_path = analytics;
alter role grafana_reader set default_transaction_read_only = on;
SQL
