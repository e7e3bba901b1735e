-- Signed checkpoints of the chain head: a consulate can keep one and later check that the trail still contains it.
CREATE TABLE audit_checkpoint (
    id         bigserial   PRIMARY KEY,
    seq        bigint      NOT NULL,
    hash       bytea       NOT NULL CHECK (length(hash) = 32),
    signed_at  timestamptz NOT NULL,
    key_id     text        NOT NULL,
    signature  bytea       NOT NULL
);
CREATE INDEX audit_checkpoint_by_seq ON audit_checkpoint (seq);

CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

GRANT SELECT, INSERT ON audit_checkpoint TO ${runtimeRole};
GRANT USAGE ON SEQUENCE audit_checkpoint_id_seq TO ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoint FROM ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoint FROM CURRENT_USER;
