-- Legal documents published on the portal (Nghị định 42/2022/NĐ-CP), kept
-- by the office as a register; the attached file is in the media library,
-- whose documents keep their text (read on upload) so search finds a word
-- inside them.
ALTER TABLE media ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
CREATE TABLE legal_documents (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    signer       TEXT NOT NULL DEFAULT '',
    issued_on    DATE NOT NULL,
    effective_on DATE,
    expired_on   DATE,
    replaced_by  TEXT NOT NULL DEFAULT '',
    field        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'con_hieu_luc',
    file         TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX legal_documents_number ON legal_documents (number);
CREATE INDEX legal_documents_issued ON legal_documents (issued_on);
