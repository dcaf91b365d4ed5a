-- Money moving on the S&T fund's cases: disbursements, repayments of
-- principal, interest received (integer đồng).

CREATE TABLE fund_movements (
    id      INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES fund_cases(id),
    kind    TEXT NOT NULL,
    on_date DATE NOT NULL,
    amount  BIGINT NOT NULL CHECK (amount >= 0),
    note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fund_movements_on ON fund_movements (on_date);
-- The date promised to an applicant in a letter of apology: a late dossier
-- stays late against its legal due date.
ALTER TABLE dossiers ADD COLUMN promised_on DATE;
