-- The procedure catalogue as the portal publishes it (Nghị định 42/2022/NĐ-CP;
-- Nghị định 63/2010/NĐ-CP on publishing administrative procedures): level,
-- fees, the documents to submit, where to submit them and the legal basis.
ALTER TABLE procedures ADD COLUMN level TEXT NOT NULL DEFAULT 'Cấp tỉnh';
ALTER TABLE procedures ADD COLUMN fee TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN documents TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN submit_at TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN legal_basis TEXT NOT NULL DEFAULT '';
