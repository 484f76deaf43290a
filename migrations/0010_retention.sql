-- Retention runs: one row per run. A daily run is claimed by its UTC day in `slot` (unique), so
-- among replicas exactly one runs it; `botwatch retention --run` adds a row without a slot.
-- `cutoff`: data of conversations started before it was deleted (null: events are kept forever).
CREATE TABLE retention_runs (
  id           bigserial PRIMARY KEY,
  slot         date UNIQUE,
  cutoff       timestamptz,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  report       jsonb
);
