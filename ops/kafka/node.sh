#!/usr/bin/env bash
# One node of the SOS Kafka cluster in KRaft mode (broker and controller in one process), run by docker-compose.yml
# in the apache/kafka image. Writes its configuration from the environment, formats its storage on the first start
# (with the SCRAM credentials of the broker and admin users, which must exist before any broker can authenticate to
# another), then runs the broker.
#
# Listeners:  INTERNAL  :9092  SASL_PLAINTEXT, SCRAM-SHA-512: the services, the other brokers, kafka-init
#             CONTROLLER:9093  SASL_PLAINTEXT, PLAIN: the KRaft quorum (SCRAM cannot authenticate controllers: its
#                              credentials live in the metadata the controllers serve)
# Every request is authorized by ACLs (StandardAuthorizer); nothing is allowed where no ACL is found.
set -euo pipefail

: "${KAFKA_NODE_ID:?KAFKA_NODE_ID (1, 2, 3 ...)}"
: "${SOS_KAFKA_HOST:?SOS_KAFKA_HOST (the host name other nodes and clients reach this node at)}"
: "${SOS_KAFKA_VOTERS:?SOS_KAFKA_VOTERS (1@kafka-1:9093,2@kafka-2:9093,...)}"
: "${SOS_KAFKA_CLUSTER_ID:?SOS_KAFKA_CLUSTER_ID (22 characters, base64url; the same on every node)}"
: "${SOS_KAFKA_BROKER_PASSWORD:?}" "${SOS_KAFKA_CONTROLLER_PASSWORD:?}" "${SOS_KAFKA_ADMIN_PASSWORD:?}"

# the image's layout; outside it (a VM, or a test on one host) set these
home="${SOS_KAFKA_HOME:-/opt/kafka}"
data="${SOS_KAFKA_DATA:-/var/lib/kafka/data}"
port="${SOS_KAFKA_PORT:-9092}"
controller_port="${SOS_KAFKA_CONTROLLER_PORT:-9093}"
config="$home/config/sos-node.properties"
client="$home/config/sos-admin-client.properties"
replicas="${SOS_KAFKA_REPLICATION_FACTOR:-3}"
min_isr="${SOS_KAFKA_MIN_INSYNC_REPLICAS:-2}"

umask 077
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${SOS_KAFKA_VOTERS}
listeners=INTERNAL://:${port},CONTROLLER://:${controller_port}
advertised.listeners=INTERNAL://${SOS_KAFKA_HOST}:${port}
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.internal.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${SOS_KAFKA_BROKER_PASSWORD}";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${SOS_KAFKA_CONTROLLER_PASSWORD}" user_controller="${SOS_KAFKA_CONTROLLER_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:controller;User:admin
allow.everyone.if.no.acl.found=false
log.dirs=${data}
# topics are created by kafka-init, never by a typo in a consumer
auto.create.topics.enable=false
num.partitions=6
default.replication.factor=${replicas}
min.insync.replicas=${min_isr}
unclean.leader.election.enable=false
offsets.topic.replication.factor=${replicas}
transaction.state.log.replication.factor=${replicas}
transaction.state.log.min.isr=${min_isr}
share.coordinator.state.topic.replication.factor=${replicas}
share.coordinator.state.topic.min.isr=${min_isr}
PROPERTIES

# the client settings of the admin user, for the healthcheck and for operators (kafka-*.sh --command-config)
cat > "$client" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SOS_KAFKA_ADMIN_PASSWORD}";
PROPERTIES

"$home/bin/kafka-storage.sh" format --ignore-formatted -t "$SOS_KAFKA_CLUSTER_ID" -c "$config" \
  --add-scram "SCRAM-SHA-512=[name=broker,password=${SOS_KAFKA_BROKER_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${SOS_KAFKA_ADMIN_PASSWORD}]" \
  > /dev/null # it prints the bootstrap records, SCRAM salts and keys included: not for the log

exec "$home/bin/kafka-server-start.sh" "$config"
