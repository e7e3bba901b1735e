-- The drill and agency filters had an index on every event: (drill, seq) and a GIN over agencies, although agencies are
-- empty for most events (only dispatch events name one) and drills are few. Partial indexes on seq hold only the rows
-- that match, so most events no longer pay for them on insert; live-only and an agency page walk seq backwards or
-- forwards through these (JdbcAuditStore writes the literal predicates so that the planner can use them). The live
-- filter (drill = false, most rows) is a walk of the primary key.
DROP INDEX IF EXISTS audit_event_by_drill;
DROP INDEX IF EXISTS audit_event_by_agency;
CREATE INDEX audit_event_drills ON audit_event (seq) WHERE drill;
CREATE INDEX audit_event_police ON audit_event (seq) WHERE agencies @> ARRAY['POLICE']::text[];
CREATE INDEX audit_event_rangers ON audit_event (seq) WHERE agencies @> ARRAY['RANGERS']::text[];
