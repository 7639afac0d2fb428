-- Evidence stored with a transfer in the same transaction: a hand's settlement carries its hand
-- history (with the deck commitment and every reveal), so any settled hand can be audited. One per
-- transfer; the reference is unique so an auditor finds a hand by table and number.
CREATE TABLE attachments (
    transfer_id UUID PRIMARY KEY REFERENCES transfers (id),
    reference TEXT NOT NULL UNIQUE,
    media_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    home_region TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
