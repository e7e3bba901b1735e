-- The trail becomes hash-chained and partitioned by month. The V1 table is renamed, a new partitioned table takes its
-- name, and V3 (Java) copies the V1 rows into it in seq order, chaining them, then drops the V1 table.

ALTER TABLE audit_event RENAME TO audit_event_v1;
ALTER TABLE audit_event_v1 RENAME CONSTRAINT audit_event_pkey TO audit_event_v1_pkey;
ALTER TABLE audit_event_v1 RENAME CONSTRAINT audit_event_event_id_key TO audit_event_v1_event_id_key;
ALTER INDEX audit_event_timeline RENAME TO audit_event_v1_timeline;

-- Every event the platform produced, stored once, in the order audit-service recorded it (seq, with no gaps).
-- hash = SHA-256(hash of seq - 1 || canonical form of this row); see ChainHash for the canonical form.
-- consulate_id, alert_type, drill: of the alert the event belongs to (copied from its AlertRaised when recorded).
-- agencies, unit_ids: of the units an event names (UnitsAssigned). All of them are covered by the hash.
CREATE TABLE audit_event (
    seq             bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    alert_id        uuid        NULL,
    aggregate_key   text        NOT NULL,
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    consulate_id    text        NULL,
    alert_type      text        NULL,
    drill           boolean     NULL,
    agencies        text[]      NOT NULL DEFAULT '{}',
    unit_ids        text[]      NOT NULL DEFAULT '{}',
    -- the exact JSON text that was hashed; it must be valid JSON (jsonb also refuses the NUL character)
    payload         text        NOT NULL CHECK (payload::jsonb IS NOT NULL),
    hash            bytea       NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (seq, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT;

-- One row per event id and per seq, across all partitions: what makes "every event once" and "one row per seq" hold.
CREATE TABLE audit_event_id (
    event_id uuid   PRIMARY KEY,
    seq      bigint NOT NULL UNIQUE
);

-- What the events of an alert are filtered by, from its AlertRaised.
CREATE TABLE audit_alert (
    alert_id     uuid        PRIMARY KEY,
    consulate_id text        NOT NULL,
    alert_type   text        NOT NULL,
    drill        boolean     NOT NULL,
    raised_at    timestamptz NOT NULL
);

-- The per-alert timeline: WHERE alert_id = ? ORDER BY occurred_at, seq
CREATE INDEX audit_event_timeline ON audit_event (alert_id, occurred_at, seq);
-- Filters with keyset pagination on seq
CREATE INDEX audit_event_by_seq ON audit_event (seq);
CREATE INDEX audit_event_by_consulate ON audit_event (consulate_id, seq);
CREATE INDEX audit_event_by_type ON audit_event (event_type, seq);
CREATE INDEX audit_event_by_occurred ON audit_event (occurred_at, seq);
CREATE INDEX audit_event_by_unit ON audit_event USING gin (unit_ids);
CREATE INDEX audit_alert_by_consulate ON audit_alert (consulate_id, raised_at);

-- The trail is append-only: a recorded event is never changed or removed.
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_id_append_only
    BEFORE UPDATE OR DELETE ON audit_event_id
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_id_no_truncate
    BEFORE TRUNCATE ON audit_event_id
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_alert_append_only
    BEFORE UPDATE OR DELETE ON audit_alert
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

-- Creates the partition of the month that contains `day` unless it exists. SECURITY DEFINER: a runtime role that does
-- not own the table may call it. The partition gets the same privileges as its parent (no UPDATE, DELETE, TRUNCATE).
CREATE FUNCTION audit_ensure_partition(day date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    first_day date := date_trunc('month', day)::date;
    name      text := format('audit_event_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_event FOR VALUES FROM (%L) TO (%L)',
                       name, first_day, (first_day + interval '1 month')::date);
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM PUBLIC, %I', name, '${runtimeRole}');
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM CURRENT_USER', name);
    END IF;
END
$$;

SELECT audit_ensure_partition(current_date);
SELECT audit_ensure_partition((current_date + interval '1 month')::date);

-- The service's runtime role may read and append, never change or remove. When it is the owner (the local stack),
-- the owner gives these privileges up itself; the trigger refuses the changes as well.
GRANT SELECT, INSERT ON audit_event, audit_event_default, audit_event_id, audit_alert TO ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_event_default, audit_event_id, audit_alert FROM ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_event_default, audit_event_id, audit_alert FROM CURRENT_USER;
GRANT EXECUTE ON FUNCTION audit_ensure_partition(date) TO ${runtimeRole};
