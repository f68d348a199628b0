-- Issue 9: what the analyses need beside distance and score, per scored (run, image). All nullable: rows stored
-- before this migration, and scores from producers that do not send a field, keep null there.
alter table score
    add column truth_latitude      double precision,
    add column truth_longitude     double precision,
    add column pred_latitude       double precision,
    add column pred_longitude      double precision,
    add column geodesic_km         double precision,
    -- reverse-geocoded labels of the truth and the predicted point (continent code, ISO country, region, city)
    add column truth_continent     text,
    add column truth_country_code  text,
    add column truth_country       text,
    add column truth_region        text,
    add column truth_region_code   text,
    add column truth_city          text,
    add column pred_continent      text,
    add column pred_country_code   text,
    add column pred_country        text,
    add column pred_region         text,
    add column pred_region_code    text,
    add column pred_city           text,
    -- region matches of the predicted point (null: the truth has no label at that level)
    add column match_continent     boolean,
    add column match_country       boolean,
    add column match_region        boolean,
    add column match_city          boolean,
    -- text matches of the answered address: exact with aliases, and GLOBE's 0.7 rule
    add column text_answered       boolean,
    add column text_city           boolean,
    add column text_state          boolean,
    add column text_country        boolean,
    add column text_city_globe     boolean,
    add column text_state_globe    boolean,
    add column text_country_globe  boolean,
    add column confidence          integer,
    add column scene               jsonb;

-- Dataset attributes of each image, from the images topic (IMAGEO weather, lighting, view, quality, POI category;
-- OSV-5M's columns; generic extra columns). The latest event of an image wins.
create table image (
    dataset_id  text not null,
    image_id    text not null,
    attributes  jsonb not null,
    truth_city  text,
    truth_admin1 text,
    truth_country text,
    event_at    timestamptz,
    primary key (dataset_id, image_id)
);
