-- The department's other work on record: annual plans, instrument
-- verification, administrative dossiers, inspections, the applied S&T
-- centre, outreach, the S&T fund and the leadership's directives.

CREATE TABLE holidays (
    day  DATE PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE plan_indicators (
    id      INTEGER PRIMARY KEY,
    year    BIGINT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    measure TEXT NOT NULL,
    target  BIGINT NOT NULL CHECK (target >= 0),
    UNIQUE (year, code)
);

CREATE TABLE instrument_types (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL,
    field TEXT NOT NULL
);

CREATE TABLE instrument_cycles (
    type_id        BIGINT NOT NULL REFERENCES instrument_types(id),
    effective_from DATE NOT NULL,
    months         BIGINT NOT NULL CHECK (months > 0),
    PRIMARY KEY (type_id, effective_from)
);

CREATE TABLE instruments (
    id        INTEGER PRIMARY KEY,
    type_id   BIGINT NOT NULL REFERENCES instrument_types(id),
    model     TEXT NOT NULL DEFAULT '',
    serial    TEXT NOT NULL,
    maker     TEXT NOT NULL DEFAULT '',
    made_year BIGINT,
    owner     TEXT NOT NULL,
    district  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE verifications (
    id             INTEGER PRIMARY KEY,
    instrument_id  BIGINT NOT NULL REFERENCES instruments(id),
    verified_on    DATE NOT NULL,
    certificate    TEXT UNIQUE,
    procedure_code TEXT NOT NULL DEFAULT '',
    verifier       TEXT NOT NULL DEFAULT '',
    passed         BOOLEAN NOT NULL,
    valid_until    DATE
);
CREATE INDEX verifications_on ON verifications (verified_on);

CREATE TABLE procedures (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    area         TEXT NOT NULL,
    working_days BIGINT NOT NULL,
    with_money   BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE dossiers (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    procedure_id  BIGINT NOT NULL REFERENCES procedures(id),
    applicant     TEXT NOT NULL,
    channel       TEXT NOT NULL DEFAULT 'truc_tiep',
    received_on   DATE NOT NULL,
    due_on        DATE NOT NULL,
    new_due_on    DATE,
    returned_on   DATE,
    result        TEXT NOT NULL DEFAULT '',
    amount        BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    licence_until DATE,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossiers_returned ON dossiers (returned_on);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    subject      TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    district     TEXT NOT NULL DEFAULT '',
    on_date      DATE NOT NULL,
    domain       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    findings     TEXT NOT NULL DEFAULT '',
    violations   BIGINT NOT NULL DEFAULT 0,
    fine         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX inspections_on ON inspections (on_date);

CREATE TABLE products (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    measure TEXT NOT NULL
);

CREATE TABLE sales (
    id         INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products(id),
    on_date    DATE NOT NULL,
    quantity   BIGINT NOT NULL CHECK (quantity >= 0),
    revenue    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sales_on ON sales (on_date);

CREATE TABLE centre_services (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    on_date      DATE NOT NULL,
    place        TEXT NOT NULL,
    participants BIGINT NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE outreach (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    on_date DATE NOT NULL,
    title   TEXT NOT NULL,
    copies  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE fund_cases (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    applicant     TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    amount        BIGINT NOT NULL DEFAULT 0,
    rate_permille BIGINT,
    term_months   BIGINT,
    decision      TEXT NOT NULL DEFAULT '',
    on_date       DATE NOT NULL,
    status        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE advisory_documents (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    title   TEXT NOT NULL,
    on_date DATE NOT NULL,
    unit_id BIGINT REFERENCES units(id)
);

CREATE TABLE directives (
    id           INTEGER PRIMARY KEY,
    text         TEXT NOT NULL,
    meeting      TEXT NOT NULL,
    meeting_date DATE NOT NULL,
    unit_id      BIGINT REFERENCES units(id),
    deadline     DATE,
    status       TEXT NOT NULL DEFAULT 'mo',
    progress     TEXT NOT NULL DEFAULT ''
);
