-- The period report reads every verification of a period with its
-- instrument: an index holding both avoids a lookup per verification.
DROP INDEX verifications_on;
CREATE INDEX verifications_on_instrument ON verifications (verified_on, instrument_id);
