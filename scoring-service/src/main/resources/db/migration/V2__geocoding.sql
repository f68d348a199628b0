-- Reverse-geocoded label of each truth point, computed once when the image arrives and reused by every run
-- on the dataset. geo_version identifies the geocoder data and settings; a label of another version is
-- recomputed when next needed. geo_label is the GeoPlace JSON published in scores.
alter table truth
    add column continent    text,
    add column country_code text,
    add column region_code  text,
    add column region_name  text,
    add column place_id     bigint,
    add column geo_method   text,
    add column geo_version  text,
    add column geo_label    text;

-- The metrics added with the geocoder (the full event stays in event_json).
alter table score
    add column geodesic_km           double precision,
    add column truth_country         text,
    add column truth_region_code     text,
    add column predicted_country     text,
    add column predicted_region_code text,
    add column predicted_place_id    bigint,
    add column match_continent       boolean,
    add column match_country         boolean,
    add column match_region          boolean,
    add column match_city            boolean,
    add column text_answered         boolean,
    add column text_city             boolean,
    add column text_state            boolean,
    add column text_country          boolean,
    add column text_city_globe       boolean,
    add column text_state_globe      boolean,
    add column text_country_globe    boolean;
