-- Staff's edits to the text of a period report (an opening paragraph, notes
-- added to each part, proposals). Each save is a new revision; the figures
-- are never stored: they are computed from the records every time.

CREATE TABLE report_revisions (
    id          INTEGER PRIMARY KEY,
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    units       TEXT NOT NULL DEFAULT '',
    intro       TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '[]',
    proposals   TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX report_revisions_period ON report_revisions (period_from, period_to, units);
