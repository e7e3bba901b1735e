-- Indexes for the remaining filters (alert type, agency, drill); each ends in seq for keyset pagination.
CREATE INDEX audit_event_by_alert_type ON audit_event (alert_type, seq);
CREATE INDEX audit_event_by_drill ON audit_event (drill, seq);
CREATE INDEX audit_event_by_agency ON audit_event USING gin (agencies);
