-- CockroachDB 24.3+ runs row-level PL/pgSQL triggers; it has no TRUNCATE triggers, so the deployment
-- also grants the wallet's SQL user only SELECT and INSERT on these tables (see README).
CREATE FUNCTION pitboss_append_only() RETURNS TRIGGER LANGUAGE PLpgSQL AS $$
BEGIN
    RAISE EXCEPTION 'pitboss: % on % is forbidden: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotency_keys_append_only BEFORE UPDATE OR DELETE ON idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER idempotent_results_append_only BEFORE UPDATE OR DELETE ON idempotent_results
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
