-- Applied only when the target is CockroachDB (Migrations detects it with SELECT version()).
-- Migrations first runs ALTER DATABASE ... SET PRIMARY REGION / ADD REGION for the configured regions,
-- because region names belong to the cluster, not to this file.

-- Money must outlive a region: a committed settlement may not vanish with a data centre. REGION
-- survival keeps a quorum outside the home region, at the price of one inter-region round trip per
-- write (see README for the trade-off against ZONE).
ALTER DATABASE ${flyway:database} SURVIVE REGION FAILURE;

-- Reference data: read by every region, written by migrations only.
ALTER TABLE currencies SET LOCALITY GLOBAL;

-- Player-owned rows live in the player's home region, so a table's hot path stays local.
ALTER TABLE accounts ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE accounts SET LOCALITY REGIONAL BY ROW AS crdb_region;

ALTER TABLE transfers ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE transfers SET LOCALITY REGIONAL BY ROW AS crdb_region;

ALTER TABLE postings ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE postings SET LOCALITY REGIONAL BY ROW AS crdb_region;

ALTER TABLE holds ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE holds SET LOCALITY REGIONAL BY ROW AS crdb_region;

ALTER TABLE audit_log ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE audit_log SET LOCALITY REGIONAL BY ROW AS crdb_region;

-- Idempotency keys are looked up by key alone, from whichever region the retry lands in.
ALTER TABLE idempotency_keys SET LOCALITY REGIONAL BY TABLE IN PRIMARY REGION;
ALTER TABLE idempotent_results SET LOCALITY REGIONAL BY TABLE IN PRIMARY REGION;
