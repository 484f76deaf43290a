-- Citus only (see 0001): CSV exports are botwatch's own state, read by any replica, like chart images.
SELECT create_reference_table('exported_tables');
