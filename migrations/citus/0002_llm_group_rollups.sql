-- Per-model and per-provider hourly rollups of LLM calls live with the rest of a bot's data.
SELECT create_distributed_table('llm_group_rollups', 'bot_id', colocate_with => 'events');
