-- Issue 11, CockroachDB flavour of db/postgresql/V20__callers_expiry_shards.sql. NOT EXERCISED:
-- no CockroachDB binary is reachable from this environment (see wallet/README.md). Written for
-- CockroachDB 24.3+: ALTER PRIMARY KEY rewrites the table online; column CHECK constraints created
-- inline are named check_<column> there, so they are dropped by that name.

ALTER TABLE idempotency_keys ADD COLUMN caller VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ALTER PRIMARY KEY USING COLUMNS (caller, idempotency_key);
ALTER TABLE idempotent_results ADD COLUMN caller VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE idempotent_results ALTER PRIMARY KEY USING COLUMNS (caller, idempotency_key);

ALTER TABLE holds ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE holds DROP CONSTRAINT IF EXISTS check_status;
ALTER TABLE holds DROP CONSTRAINT IF EXISTS holds_status_check;
ALTER TABLE holds ADD CONSTRAINT holds_status_check
    CHECK (status IN ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED'));
CREATE INDEX holds_active_expiry ON holds (expires_at) WHERE status = 'ACTIVE';

CREATE TABLE closed_hold_prefixes (
    prefix      VARCHAR(256) PRIMARY KEY CHECK (prefix <> ''),
    closed_by   VARCHAR(128) NOT NULL,
    closed_at   TIMESTAMPTZ  NOT NULL,
    home_region VARCHAR(32)  NOT NULL
);
-- Read by every Hold wherever it runs, written rarely: GLOBAL like currencies.
ALTER TABLE closed_hold_prefixes SET LOCALITY GLOBAL;
CREATE TRIGGER closed_hold_prefixes_append_only BEFORE UPDATE OR DELETE ON closed_hold_prefixes
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

ALTER TABLE transfers DROP CONSTRAINT IF EXISTS check_kind;
ALTER TABLE transfers DROP CONSTRAINT IF EXISTS transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check
    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'CAPTURE', 'TRANSFER', 'SWEEP'));
