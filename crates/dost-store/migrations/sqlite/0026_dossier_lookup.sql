-- The public status of a dossier needs its code and the lookup secret
-- printed on the receipt (six digits), so codes given in sequence cannot be
-- walked. Dossiers already received get a secret of their own.
ALTER TABLE dossiers ADD COLUMN lookup_pin TEXT NOT NULL DEFAULT '';
UPDATE dossiers SET lookup_pin = printf('%06d', abs(random()) % 1000000);
