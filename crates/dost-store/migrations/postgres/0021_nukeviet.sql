-- Moving a NukeViet site: what each old record became (so a second run adds
-- only what is new), and the old addresses that answer with a redirect.
CREATE TABLE import_map (
    source TEXT NOT NULL,
    kind   TEXT NOT NULL,
    old_id BIGINT NOT NULL,
    new_id BIGINT NOT NULL,
    PRIMARY KEY (source, kind, old_id)
);

CREATE TABLE redirects (
    source TEXT NOT NULL,
    kind   TEXT NOT NULL,
    old_key TEXT NOT NULL,
    alias  TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL,
    PRIMARY KEY (source, kind, old_key)
);
