-- Citus only (see 0001): a Rasa sender's state is written with its bot's events, in one shard group.
SELECT create_distributed_table('rasa_sender_state', 'bot_id', colocate_with => 'events');
