#!/usr/bin/env bash
# Runs once per `docker compose up` (the kafka-init container, the apache/kafka image), as the admin:
# gives each service its principal (a SCRAM-SHA-512 credential named after it, the password the
# compose secret kafka_SERVICE) and the ACLs of dev.ordersaga.contracts.KafkaPrincipals: write (and
# create) its own topics and dead-letter topic, read what it consumes and its dead-letter topic, use
# the consumer groups named after it. Nothing else. Safe to repeat. DockerComposeConsistencyTest holds
# the lines below to KafkaPrincipals, so they cannot drift from the catalogue.
set -euo pipefail
umask 077
password=$(tr -d '\n' < /run/secrets/kafka_admin)
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' \
	"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";" \
	> /tmp/admin.properties
admin=(--bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config /tmp/admin.properties)

principal() { # service: its SCRAM credential
	local secret
	secret=$(tr -d '\n' < "/run/secrets/kafka_${1//-/_}")
	/opt/kafka/bin/kafka-configs.sh "${admin[@]}" --alter --entity-type users --entity-name "$1" \
		--add-config "SCRAM-SHA-512=[iterations=8192,password=$secret]" > /dev/null
}

allow() { # service operation topic|group name [prefixed]
	/opt/kafka/bin/kafka-acls.sh "${admin[@]}" --add --allow-principal "User:$1" --operation "$2" "--$3" "$4" \
		${5:+--resource-pattern-type "$5"} > /dev/null
}

for service in analytics-service inventory-service notification-service order-service payment-service; do
	principal "$service"
done

allow analytics-service Write topic analytics-service.dlt
allow analytics-service Create topic analytics-service.dlt
allow analytics-service Read topic analytics-service.dlt
allow analytics-service Read topic orders.v1
allow analytics-service Read topic payments.v1
allow analytics-service Read topic inventory.v1
allow analytics-service Read topic notifications.v1
allow analytics-service Read group analytics-service prefixed

allow inventory-service Write topic inventory.v1
allow inventory-service Create topic inventory.v1
allow inventory-service Write topic catalog.v1
allow inventory-service Create topic catalog.v1
allow inventory-service Write topic inventory-service.dlt
allow inventory-service Create topic inventory-service.dlt
allow inventory-service Read topic inventory-service.dlt
allow inventory-service Read topic orders.v1
allow inventory-service Read topic payments.v1
allow inventory-service Read group inventory-service prefixed

allow notification-service Write topic notifications.v1
allow notification-service Create topic notifications.v1
allow notification-service Write topic notification-service.dlt
allow notification-service Create topic notification-service.dlt
allow notification-service Read topic notification-service.dlt
allow notification-service Read topic orders.v1
allow notification-service Read topic payments.v1
allow notification-service Read group notification-service prefixed

allow order-service Write topic orders.v1
allow order-service Create topic orders.v1
allow order-service Write topic order-service.dlt
allow order-service Create topic order-service.dlt
allow order-service Read topic order-service.dlt
allow order-service Read topic payments.v1
allow order-service Read topic inventory.v1
allow order-service Read topic catalog.v1
allow order-service Read group order-service prefixed

allow payment-service Write topic payments.v1
allow payment-service Create topic payments.v1
allow payment-service Write topic payment-service.dlt
allow payment-service Create topic payment-service.dlt
allow payment-service Read topic payment-service.dlt
allow payment-service Read topic orders.v1
allow payment-service Read topic inventory.v1
allow payment-service Read group payment-service prefixed

echo "The services' Kafka principals and ACLs are in place"
