-- An anomaly rule stores a time zone only when its `tz:` was given; without one it follows its
-- bot's zone as it is at each evaluation, else BOTWATCH_TZ (docs/alerts.md "The bot's time zone").
-- Rules added before migration 0016 stored the zone in force when they were added even without
-- tz:, and nothing recorded whether it was given, so on them a stored zone is ambiguous. Most rules
-- are added without tz:, so these are taken as not given: they follow their bot's zone from now
-- on. Each gets a history entry naming the zone it had, so a tz: that was given can be put back
-- (alert add … tz:<zone>). Rules added since 0016 stored a zone only when it was given; they keep it.
DO $$
DECLARE
  zones_told_apart timestamptz := (SELECT applied_at FROM botwatch_migrations WHERE version = 16);
BEGIN
  INSERT INTO alert_history (rule_id, at, event, to_state, detail, metric, bot_id, direction, threshold, window_seconds, kind)
  SELECT id, now(), 'changed', state,
         'time zone: now the bot''s (botwatch bots tz), else BOTWATCH_TZ, instead of ' || time_zone
           || ', the zone stored when the rule was added; if that was a tz: you gave, add the rule again with tz:' || time_zone,
         metric, bot_id, direction, threshold, window_seconds, kind
    FROM alert_rules
   WHERE kind = 'anomaly' AND time_zone IS NOT NULL AND created_at < zones_told_apart;

  UPDATE alert_rules SET time_zone = NULL
   WHERE kind = 'anomaly' AND time_zone IS NOT NULL AND created_at < zones_told_apart;
END
$$;
