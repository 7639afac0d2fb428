-- The ledger, in SQL that PostgreSQL and CockroachDB both accept. Database-specific hardening
-- (append-only triggers, multi-region localities) lives in db/postgresql and db/cockroachdb.

-- Reference data: read everywhere, written almost never (GLOBAL on CockroachDB).
CREATE TABLE currencies (
    code     CHAR(3)  PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
    exponent SMALLINT NOT NULL CHECK (exponent BETWEEN 0 AND 4)
);

-- One row per account. balance and held are materialised in the same transaction as the postings
-- that change them; reconciliation proves balance = SUM(postings.amount).
CREATE TABLE accounts (
    id            UUID         PRIMARY KEY,
    kind          VARCHAR(16)  NOT NULL
                  CHECK (kind IN ('PLAYER', 'TABLE_ESCROW', 'PRIZE_POOL', 'HOUSE', 'EXTERNAL')),
    owner         VARCHAR(128) NOT NULL CHECK (owner <> ''),
    currency      CHAR(3)      NOT NULL REFERENCES currencies (code),
    home_region   VARCHAR(32)  NOT NULL,
    balance       BIGINT       NOT NULL DEFAULT 0,
    held          BIGINT       NOT NULL DEFAULT 0,
    posting_count BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT accounts_natural_key UNIQUE (kind, owner, currency),
    CONSTRAINT accounts_held_not_negative CHECK (held >= 0),
    -- Only the outside world may owe money; every other account covers its holds.
    CONSTRAINT accounts_sufficient_funds CHECK (kind = 'EXTERNAL' OR balance >= held)
);

-- The journal: one row per transfer, never updated or deleted.
CREATE TABLE transfers (
    id              UUID         PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL
                    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'CAPTURE', 'TRANSFER')),
    -- Unique through idempotency_keys, where the key is claimed; a second index here would only
    -- slow every transfer down.
    idempotency_key VARCHAR(128) NOT NULL,
    reference       VARCHAR(256) NOT NULL,
    home_region     VARCHAR(32)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The legs of each transfer; per transfer and currency they sum to zero. (account_id, seq) orders an
-- account's history without a global sequence, which would be a hotspot on CockroachDB.
-- Only the link to the account is a foreign key: the transfer row and the currency are written and
-- checked in the same transaction, and reconciliation proves both links, so the hot path does not
-- pay two more referential checks per posting.
CREATE TABLE postings (
    account_id    UUID        NOT NULL REFERENCES accounts (id),
    seq           BIGINT      NOT NULL CHECK (seq > 0),
    transfer_id   UUID        NOT NULL,
    amount        BIGINT      NOT NULL CHECK (amount <> 0),
    currency      CHAR(3)     NOT NULL,
    balance_after BIGINT      NOT NULL,
    home_region   VARCHAR(32) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, seq)
);

-- Reservations (buy-ins). A hold is state, not money movement: capturing one writes a transfer.
CREATE TABLE holds (
    id          UUID         PRIMARY KEY,
    reference   VARCHAR(256) NOT NULL CHECK (reference <> ''),
    account_id  UUID         NOT NULL REFERENCES accounts (id),
    amount      BIGINT       NOT NULL CHECK (amount > 0),
    currency    CHAR(3)      NOT NULL REFERENCES currencies (code),
    status      VARCHAR(16)  NOT NULL CHECK (status IN ('ACTIVE', 'CAPTURED', 'RELEASED')),
    transfer_id UUID         REFERENCES transfers (id),
    home_region VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    settled_at  TIMESTAMPTZ
);
-- A reference names one live hold; it may be reused once the hold is settled.
CREATE UNIQUE INDEX holds_active_reference ON holds (reference) WHERE status = 'ACTIVE';
CREATE INDEX holds_by_account ON holds (account_id);

-- Every mutating call claims its key first, with INSERT ... ON CONFLICT DO NOTHING: the claim is
-- the lookup, so there is no read of a missing key (under SERIALIZABLE such a read locks the index
-- gap, and every concurrent claim in that gap would then abort). The first result joins in the same
-- transaction, so a replay returns it and a conflicting reuse is caught.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(128) PRIMARY KEY,
    method          VARCHAR(64)  NOT NULL,
    request_hash    BYTEA        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE idempotent_results (
    idempotency_key VARCHAR(128) PRIMARY KEY,
    response        BYTEA        NOT NULL
);

-- Who called what, with which key, and what came of it. Never updated or deleted.
CREATE TABLE audit_log (
    id              UUID         PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    caller          VARCHAR(128) NOT NULL,
    method          VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(128),
    -- The request as protobuf bytes (pitboss.wallet.v1 message named by method): complete and exact,
    -- and far cheaper to record than text.
    request         BYTEA        NOT NULL,
    outcome         VARCHAR(16)  NOT NULL CHECK (outcome IN ('APPLIED', 'REPLAYED', 'REJECTED', 'READ')),
    status          VARCHAR(32)  NOT NULL,
    detail          TEXT         NOT NULL,
    home_region     VARCHAR(32)  NOT NULL
);
