-- Records that some service could not read or process, as they arrived on its dead-letter topic (sos.dlt.<service>):
-- raw key and value bytes and every header. Once per (topic, partition, offset). Append-only.
CREATE TABLE audit_dead_letter (
    id                 bigserial   PRIMARY KEY,
    topic              text        NOT NULL,
    kafka_partition    int         NOT NULL,
    kafka_offset       bigint      NOT NULL,
    record_key         bytea       NULL,
    record_value       bytea       NULL,
    headers            jsonb       NOT NULL,
    original_topic     text        NULL,
    original_partition int         NULL,
    original_offset    bigint      NULL,
    exception_class    text        NULL,
    exception_message  text        NULL,
    record_timestamp   timestamptz NULL,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (topic, kafka_partition, kafka_offset)
);
CREATE INDEX audit_dead_letter_by_original ON audit_dead_letter (original_topic, recorded_at);

CREATE TRIGGER audit_dead_letter_append_only
    BEFORE UPDATE OR DELETE ON audit_dead_letter
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

GRANT SELECT, INSERT ON audit_dead_letter TO ${runtimeRole};
GRANT USAGE ON SEQUENCE audit_dead_letter_id_seq TO ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_dead_letter FROM ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_dead_letter FROM CURRENT_USER;
