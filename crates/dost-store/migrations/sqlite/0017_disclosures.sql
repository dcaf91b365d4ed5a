-- What the department discloses on the portal (Nghị định 42/2022): plans and
-- strategies, periodic reports, budget estimates and settlements, each for
-- its period, with its file from the media library.
CREATE TABLE disclosures (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    period       TEXT NOT NULL,
    year         BIGINT NOT NULL,
    published_on DATE NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    file         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disclosures_year ON disclosures (year);
