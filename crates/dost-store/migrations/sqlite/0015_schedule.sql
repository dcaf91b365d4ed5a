-- The leaders' weekly schedule (lịch công tác), kept by the office and
-- published on the portal; a change after an entry was published is read
-- from the audit log and shown as such.
CREATE TABLE schedule_entries (
    id        INTEGER PRIMARY KEY,
    day       DATE NOT NULL,
    at_time   TEXT NOT NULL,
    leader    TEXT NOT NULL,
    content   TEXT NOT NULL,
    chair     TEXT NOT NULL DEFAULT '',
    attendees TEXT NOT NULL DEFAULT '',
    place     TEXT NOT NULL DEFAULT '',
    state     TEXT NOT NULL DEFAULT 'theo_lich'
);
CREATE INDEX schedule_entries_day ON schedule_entries (day);
