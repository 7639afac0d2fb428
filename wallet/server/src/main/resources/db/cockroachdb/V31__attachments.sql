-- Not exercised here (CockroachDB cannot run on these machines; see wallet/README.md).
ALTER TABLE attachments ADD COLUMN crdb_region crdb_internal_region NOT VISIBLE NOT NULL
    AS (home_region::crdb_internal_region) STORED;
ALTER TABLE attachments SET LOCALITY REGIONAL BY ROW AS crdb_region;
CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
