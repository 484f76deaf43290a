-- Hourly rollups of named scores (evaluations, user feedback) live with the rest of a bot's data.
SELECT create_distributed_table('score_rollups', 'bot_id', colocate_with => 'events');
