-- Citus only: applied after the main migrations, and only in a database where the citus extension
-- is installed (CREATE EXTENSION citus on the coordinator; docs/operations.md, "Scaling").
--
-- Everything botwatch stores about a bot's traffic is distributed by bot_id and co-located, so one
-- bot's events, facts and rollups live in the same shard group: an ingest batch of one bot is a
-- transaction on one worker, and every answer (always for named bots) is routed to the shards of
-- those bots. `bots` and `bot_event_types` are small but written by every ingest batch, so they are
-- co-located too rather than reference tables (a write to a reference table goes to every node).
SELECT create_distributed_table('events', 'bot_id');
SELECT create_distributed_table('conversation_facts', 'bot_id', colocate_with => 'events');
SELECT create_distributed_table('fact_rollups', 'bot_id', colocate_with => 'events');
SELECT create_distributed_table('step_rollups', 'bot_id', colocate_with => 'events');
SELECT create_distributed_table('bots', 'bot_id', colocate_with => 'events');
SELECT create_distributed_table('bot_event_types', 'bot_id', colocate_with => 'events');

-- Small tables, copied to every node: joined with the distributed ones (model_prices), read on
-- every ingest request (api_keys), or botwatch's own state. A referenced table becomes a reference
-- table before the table whose foreign key points at it.
SELECT create_reference_table('model_prices');
SELECT create_reference_table('api_keys');
SELECT create_reference_table('botwatch_settings');
SELECT create_reference_table('chart_images');
SELECT create_reference_table('teams_conversations');
SELECT create_reference_table('digest_subscriptions');
SELECT create_reference_table('digest_runs');
SELECT create_reference_table('digest_deliveries');
SELECT create_reference_table('alert_rules');
SELECT create_reference_table('alert_history');
SELECT create_reference_table('retention_runs');
