-- Every question asked of the audit API: who asked what, when, and what they got. Append-only.
CREATE TABLE audit_query_log (
    id           bigserial   PRIMARY KEY,
    asked_at     timestamptz NOT NULL,
    principal    text        NOT NULL,
    role         text        NOT NULL,
    consulate_id text        NULL,
    method       text        NOT NULL,
    path         text        NOT NULL,
    query        text        NULL,
    status       int         NOT NULL,
    duration_ms  bigint      NOT NULL
);
CREATE INDEX audit_query_log_by_time ON audit_query_log (asked_at);

CREATE TRIGGER audit_query_log_append_only
    BEFORE UPDATE OR DELETE ON audit_query_log
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

GRANT SELECT, INSERT ON audit_query_log TO ${runtimeRole};
GRANT USAGE ON SEQUENCE audit_query_log_id_seq TO ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_query_log FROM ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_query_log FROM CURRENT_USER;
