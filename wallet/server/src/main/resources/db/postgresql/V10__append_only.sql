-- Append-only is enforced by the database, not only by the code: any UPDATE, DELETE or TRUNCATE of
-- the journal, its postings, the stored idempotent results or the audit log raises, whoever runs it.
CREATE FUNCTION pitboss_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pitboss: % on % is forbidden: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotency_keys_append_only BEFORE UPDATE OR DELETE ON idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotency_keys_no_truncate BEFORE TRUNCATE ON idempotency_keys
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotent_results_append_only BEFORE UPDATE OR DELETE ON idempotent_results
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotent_results_no_truncate BEFORE TRUNCATE ON idempotent_results
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION pitboss_append_only();

-- Balance updates touch no indexed column; free space on each page lets them stay HOT (no new index
-- entries), so they do not collide with the serializable predicate locks of concurrent lookups.
ALTER TABLE accounts SET (fillfactor = 70);
