#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d), as the superuser.
# Two roles for audit-service, as its README's "Database roles" asks:
#   sos_audit_owner  owns the database and its schema; Flyway runs as this role (SPRING_FLYWAY_USER)
#   sos_audit        the role the service runs as: owns nothing; the migrations grant it SELECT and INSERT on the audit
#                    tables and revoke UPDATE, DELETE and TRUNCATE (see the V*__*.sql files)
# Neither is a superuser, and neither may create roles or databases.
set -euo pipefail
: "${SOS_DB_OWNER_PASSWORD:?}" "${SOS_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$SOS_DB_OWNER_PASSWORD" -v runtime_password="$SOS_DB_PASSWORD" <<'SQL'
CREATE ROLE sos_audit_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'owner_password';
CREATE ROLE sos_audit LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'runtime_password';
CREATE DATABASE sos OWNER sos_audit_owner;
REVOKE ALL ON DATABASE sos FROM PUBLIC;
GRANT CONNECT ON DATABASE sos TO sos_audit;
-- the service's role reaches no other database
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
\connect sos
ALTER SCHEMA public OWNER TO sos_audit_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sos_audit;
SQL
echo "sos: roles sos_audit_owner (migrations) and sos_audit (service) created"
