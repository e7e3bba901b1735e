-- Districts, and a unit index that serves "the units' events by seq" directly.

-- The Karachi district of the alert an event belongs to (from its AlertRaised, when it names one). Rows recorded
-- before this version keep null. Covered by the hash when not null (ChainHash, form version 2).
ALTER TABLE audit_event ADD COLUMN district text NULL;
ALTER TABLE audit_alert ADD COLUMN district text NULL;
CREATE INDEX audit_event_by_district ON audit_event (district, seq);

-- One row per unit an event names (audit_event.unit_ids): WHERE unit_id = ? ORDER BY seq LIMIT n is one index range,
-- where the GIN index on unit_ids returned every row of the unit before the sort. recorded_at lets a join to
-- audit_event prune to one partition. Written in the same transaction as the event; derived from unit_ids, which the
-- hash covers (this table is an index, not part of the record).
CREATE TABLE audit_event_unit (
    unit_id     text        NOT NULL,
    seq         bigint      NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (unit_id, seq)
);

INSERT INTO audit_event_unit (unit_id, seq, recorded_at)
SELECT DISTINCT u.unit_id, e.seq, e.recorded_at
FROM audit_event e CROSS JOIN LATERAL unnest(e.unit_ids) AS u(unit_id);

CREATE TRIGGER audit_event_unit_append_only
    BEFORE UPDATE OR DELETE ON audit_event_unit
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_unit_no_truncate
    BEFORE TRUNCATE ON audit_event_unit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

GRANT SELECT, INSERT ON audit_event_unit TO ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event_unit FROM ${runtimeRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event_unit FROM CURRENT_USER;

-- Replaced: the GIN index by audit_event_unit; the (seq) index by the primary key (seq, recorded_at), which serves
-- ORDER BY seq as well. Fewer indexes to write per event.
DROP INDEX audit_event_by_unit;
DROP INDEX audit_event_by_seq;
