-- Junction idempotent consumers (junction.messaging.idempotency). Idempotent: safe to run on every start.
-- The advisory lock serialises instances that start at the same time on an empty database.
SELECT pg_advisory_xact_lock(7316002);

CREATE TABLE IF NOT EXISTS junction_processed_message (
	consumer VARCHAR(255) NOT NULL,
	message_id VARCHAR(255) NOT NULL,
	processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	PRIMARY KEY (consumer, message_id)
);

CREATE INDEX IF NOT EXISTS junction_processed_message_at ON junction_processed_message (processed_at);
