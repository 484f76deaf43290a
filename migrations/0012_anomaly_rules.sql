-- Anomaly rules: an alert that compares a rate or a volume with what is usual at this time of the
-- week (src/anomaly/) instead of a fixed threshold. They live in alert_rules beside threshold and
-- silence rules and share their states, claims and notifications; threshold and recover_threshold
-- are unused (0) for them.
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check CHECK (kind IN ('metric', 'silence', 'anomaly'));
ALTER TABLE alert_rules
  ADD COLUMN anomaly_direction text CHECK (anomaly_direction IN ('up', 'down', 'both')),
  ADD COLUMN sensitivity text CHECK (sensitivity IN ('low', 'medium', 'high')),
  -- The zone whose local hours of the week the baseline matches (DST-correct).
  ADD COLUMN time_zone text;

-- Which kind of rule an entry is about, so history and digests read anomaly rules right.
ALTER TABLE alert_history ADD COLUMN kind text;

-- Finding the firing periods of rules on one metric and bot (left out of anomaly baselines).
CREATE INDEX alert_history_metric_bot ON alert_history (metric, bot_id, at) WHERE event = 'transition';
