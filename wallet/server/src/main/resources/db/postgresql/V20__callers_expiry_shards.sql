-- Issue 11: idempotency keys scoped by caller, holds that expire and prefixes that close, and the
-- SWEEP transfers that gather house and payments shards. Kept in step with
-- db/cockroachdb/V20__callers_expiry_shards.sql.

-- A key belongs to the identity (SPIFFE id) that claimed it: one service cannot pre-claim
-- another's key. Rows from before carry caller ''.
ALTER TABLE idempotency_keys ADD COLUMN caller VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey
    PRIMARY KEY (caller, idempotency_key);
ALTER TABLE idempotent_results ADD COLUMN caller VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE idempotent_results DROP CONSTRAINT idempotent_results_pkey;
ALTER TABLE idempotent_results ADD CONSTRAINT idempotent_results_pkey
    PRIMARY KEY (caller, idempotency_key);

-- Holds expire; the wallet releases an expired hold itself (status EXPIRED, audited).
ALTER TABLE holds ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE holds DROP CONSTRAINT holds_status_check;
ALTER TABLE holds ADD CONSTRAINT holds_status_check
    CHECK (status IN ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED'));
CREATE INDEX holds_active_expiry ON holds (expires_at) WHERE status = 'ACTIVE';

-- A closed prefix takes no new hold (ReleaseHolds with close_prefix). Append-only.
CREATE TABLE closed_hold_prefixes (
    prefix      VARCHAR(256) PRIMARY KEY CHECK (prefix <> ''),
    closed_by   VARCHAR(128) NOT NULL,
    closed_at   TIMESTAMPTZ  NOT NULL,
    home_region VARCHAR(32)  NOT NULL
);
CREATE TRIGGER closed_hold_prefixes_append_only BEFORE UPDATE OR DELETE ON closed_hold_prefixes
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER closed_hold_prefixes_no_truncate BEFORE TRUNCATE ON closed_hold_prefixes
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();

-- Sweeps move house and payments shards into their main account, in the journal.
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check
    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'CAPTURE', 'TRANSFER', 'SWEEP'));
