-- Reply tables exported as CSV, served at signed, expiring links (a Teams card's "Download CSV").
-- Any replica can serve any export; expired ones are removed as new ones are stored.
CREATE TABLE exported_tables (
  id          text PRIMARY KEY,
  csv         text NOT NULL,
  file_name   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX exported_tables_expiry ON exported_tables (expires_at);
