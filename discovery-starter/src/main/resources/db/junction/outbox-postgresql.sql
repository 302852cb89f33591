-- Junction transactional outbox (junction.messaging.outbox). Idempotent: safe to run on every start.
-- The advisory lock serialises instances that start at the same time on an empty database.
SELECT pg_advisory_xact_lock(7316001);

CREATE TABLE IF NOT EXISTS junction_outbox (
	id UUID PRIMARY KEY,
	exchange VARCHAR(255) NOT NULL,
	routing_key VARCHAR(255) NOT NULL,
	payload BYTEA NOT NULL,
	content_type VARCHAR(255) NOT NULL,
	correlation_id VARCHAR(255),
	headers JSONB NOT NULL DEFAULT '{}'::JSONB,
	created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	sent_at TIMESTAMPTZ,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	last_error TEXT
);

CREATE INDEX IF NOT EXISTS junction_outbox_unsent ON junction_outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE INDEX IF NOT EXISTS junction_outbox_sent ON junction_outbox (sent_at) WHERE sent_at IS NOT NULL;
