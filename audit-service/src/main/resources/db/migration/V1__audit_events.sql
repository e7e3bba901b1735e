-- Every event the platform produced, stored once, in the order audit-service recorded it.
CREATE TABLE audit_event (
    seq             bigserial   PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    alert_id        uuid        NULL,
    aggregate_key   text        NOT NULL,
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    payload         jsonb       NOT NULL
);

-- The per-alert timeline: WHERE alert_id = ? ORDER BY occurred_at, seq
CREATE INDEX audit_event_timeline ON audit_event (alert_id, occurred_at, seq);

-- The trail is append-only: a recorded event is never changed or removed.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
