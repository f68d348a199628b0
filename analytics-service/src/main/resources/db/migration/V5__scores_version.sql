-- Grows with every score stored for the run (in the same transaction): the version its cached figures belong to.
alter table run add column scores_version bigint not null default 0;
