-- Rendered chart images, served at signed, expiring URLs (Teams cards and the local console load
-- them from botwatch; Slack gets the bytes uploaded). Any replica can serve any chart.
CREATE TABLE chart_images (
  id          text PRIMARY KEY,
  png         bytea NOT NULL,
  alt_text    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX chart_images_expiry ON chart_images (expires_at);

-- Deployment-wide settings botwatch creates for itself (e.g. the chart URL signing key when
-- CHART_URL_SECRET is not set, so every replica signs and checks with the same key).
CREATE TABLE botwatch_settings (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
