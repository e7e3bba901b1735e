#!/usr/bin/env bash
# kafka-init of docker-compose.yml: creates the SOS topics (replication factor 3, min.insync.replicas 2), one SCRAM
# user per service and the ACLs that let each service write only its own topics and read only what it consumes.
# Idempotent: run it again after adding a broker or changing a password.
#
# Who may do what (principal = User:<service>; the topics and their one writer are sos.contracts.Topics):
#   alert-ingest          write sos.alerts, sos.alerts.rejected, sos.dlt.alert-ingest; read sos.alerts (its view of
#                         open alerts; assigned partitions, no group)
#   dispatch-service      write sos.dispatch.assignments, sos.units.state, sos.dlt.dispatch-service; read sos.alerts,
#                         sos.dispatch.assignments, sos.units.state; groups dispatch-service*
#   notification-service  write sos.notifications, sos.notification-service.* (its own internal topics, such as the
#                         delivery retry topic), sos.dlt.notification-service* (also .deliveries); read sos.alerts,
#                         sos.dispatch.assignments, sos.notifications, sos.notification-service.*; groups
#                         notification-service* (fan-out, -retries, -acks)
#   audit-service         write sos.dlt.audit-service; read sos.* (every topic, dead letters included); groups
#                         audit-service* (audit-service, audit-service-dead-letters)
set -euo pipefail

: "${SOS_KAFKA_BOOTSTRAP:?}" "${SOS_KAFKA_ADMIN_PASSWORD:?}"
: "${SOS_KAFKA_PASSWORD_ALERT_INGEST:?}" "${SOS_KAFKA_PASSWORD_DISPATCH:?}"
: "${SOS_KAFKA_PASSWORD_NOTIFICATION:?}" "${SOS_KAFKA_PASSWORD_AUDIT:?}"
partitions="${SOS_KAFKA_PARTITIONS:-6}"
replicas="${SOS_KAFKA_REPLICATION_FACTOR:-3}"
min_isr="${SOS_KAFKA_MIN_INSYNC_REPLICAS:-2}"
bin="${SOS_KAFKA_HOME:-/opt/kafka}/bin"
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
chmod 600 "$admin"
cat > "$admin" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SOS_KAFKA_ADMIN_PASSWORD}";
PROPERTIES
kafka() { "$bin/$1" --bootstrap-server "$SOS_KAFKA_BOOTSTRAP" --command-config "$admin" "${@:2}"; }

echo "== topics (partitions $partitions, replication factor $replicas, min.insync.replicas $min_isr)"
topic() {
  kafka kafka-topics.sh --create --if-not-exists --topic "$1" --partitions "$partitions" \
    --replication-factor "$replicas" --config min.insync.replicas="$min_isr" \
    --config unclean.leader.election.enable=false "${@:2}"
}
for t in sos.alerts sos.alerts.rejected sos.dispatch.assignments sos.notifications \
         sos.dlt.alert-ingest sos.dlt.dispatch-service sos.dlt.notification-service sos.dlt.audit-service; do
  topic "$t"
done
# the latest record per unit is its whole state: compacted, never deleted by age
topic sos.units.state --config cleanup.policy=compact
# notification-service's delivery retries and the deliveries it gave up on
topic sos.notification-service.delivery-retry
topic sos.dlt.notification-service.deliveries

echo "== SCRAM users"
user() {
  kafka kafka-configs.sh --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" > /dev/null
  echo "user $1"
}
user alert-ingest "$SOS_KAFKA_PASSWORD_ALERT_INGEST"
user dispatch-service "$SOS_KAFKA_PASSWORD_DISPATCH"
user notification-service "$SOS_KAFKA_PASSWORD_NOTIFICATION"
user audit-service "$SOS_KAFKA_PASSWORD_AUDIT"

echo "== ACLs"
allow() { # principal operation pattern-type resource-option name
  kafka kafka-acls.sh --add --force --allow-principal "User:$1" --operation "$2" \
    --resource-pattern-type "$3" "--$4" "$5" > /dev/null
}
writes() { for t in "${@:2}"; do allow "$1" Write literal topic "$t"; done; }
reads() { for t in "${@:2}"; do allow "$1" Read literal topic "$t"; done; }

writes alert-ingest sos.alerts sos.alerts.rejected sos.dlt.alert-ingest
reads alert-ingest sos.alerts

writes dispatch-service sos.dispatch.assignments sos.units.state sos.dlt.dispatch-service
reads dispatch-service sos.alerts sos.dispatch.assignments sos.units.state
allow dispatch-service Read prefixed group dispatch-service

writes notification-service sos.notifications
reads notification-service sos.alerts sos.dispatch.assignments sos.notifications
for op in Read Write Create; do allow notification-service "$op" prefixed topic sos.notification-service.; done
allow notification-service Write prefixed topic sos.dlt.notification-service
allow notification-service Read prefixed group notification-service

writes audit-service sos.dlt.audit-service
allow audit-service Read prefixed topic sos.
allow audit-service Read prefixed group audit-service

kafka kafka-acls.sh --list
kafka kafka-topics.sh --describe --topic sos.alerts
echo "kafka-init done"
