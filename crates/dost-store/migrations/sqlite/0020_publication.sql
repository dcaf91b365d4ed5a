-- Publication on the portal is approved: a record of the legal documents,
-- disclosures, drafts or schedule shows on the portal once a unit head, a
-- leader or an editor approved it (records kept before this are published).
ALTER TABLE legal_documents ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE legal_documents ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE disclosures ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE drafts ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE schedule_entries ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE schedule_entries ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
UPDATE legal_documents SET approved = TRUE;
UPDATE disclosures SET approved = TRUE;
UPDATE drafts SET approved = TRUE;
UPDATE schedule_entries SET approved = TRUE;
