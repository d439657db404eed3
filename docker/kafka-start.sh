#!/usr/bin/env bash
# Starts a Kafka node of docker-compose (the apache/kafka image), secured like ./suite's brokers:
# clients log in with SASL/SCRAM-SHA-512 on the broker listener, controller and broker with PLAIN on
# the controller listener, and the StandardAuthorizer allows only what an ACL allows; the admin is the
# only super user. Its password, the compose secret kafka_admin, goes into the node's configuration
# and, when the storage is formatted on the first start, into the cluster's metadata as the admin's
# SCRAM credential. docker/kafka-principals.sh then adds the services' principals and ACLs.
# Settings (environment): KAFKA_NODE_ID, KAFKA_HOST (the name clients reach this node at),
# KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS, CLUSTER_ID.
set -euo pipefail
umask 077
password=$(tr -d '\n' < /run/secrets/kafka_admin)
data=/tmp/kraft-combined-logs
config=/tmp/kafka/server.properties
mkdir -p /tmp/kafka
scram="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";"
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
listeners=BROKER://:9092,CONTROLLER://:9093
advertised.listeners=BROKER://$KAFKA_HOST:9092
inter.broker.listener.name=BROKER
controller.listener.names=CONTROLLER
listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
listener.name.broker.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.broker.scram-sha-512.sasl.jaas.config=$scram
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$password" user_admin="$password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
log.dirs=$data
num.partitions=3
default.replication.factor=$KAFKA_REPLICATION_FACTOR
min.insync.replicas=$KAFKA_MIN_INSYNC_REPLICAS
offsets.topic.replication.factor=$KAFKA_REPLICATION_FACTOR
transaction.state.log.replication.factor=$KAFKA_REPLICATION_FACTOR
transaction.state.log.min.isr=$KAFKA_MIN_INSYNC_REPLICAS
group.initial.rebalance.delay.ms=0
PROPERTIES
# How the admin logs in: the health check uses it.
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' "$scram" \
	> /tmp/kafka/admin.properties
if [ ! -f "$data/meta.properties" ]; then
	/opt/kafka/bin/kafka-storage.sh format -t "$CLUSTER_ID" -c "$config" \
		--add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
