-- Follow-up of inspections, figures typed for plan indicators that have no
-- record type, and the steps of an administrative dossier (hand-overs,
-- supplement requests, apologies with a new date, the result).

ALTER TABLE inspections ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';

ALTER TABLE plan_indicators ADD COLUMN achieved BIGINT;

CREATE TABLE dossier_events (
    id         INTEGER PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    kind       TEXT NOT NULL,
    on_date    DATE NOT NULL,
    actor      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    new_due_on DATE,
    created_at BIGINT NOT NULL
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id);
