#!/usr/bin/env bash
# Runs once, on the database's first start (the postgres image's docker-entrypoint-initdb.d): per
# service a schema, a migration role that owns it (order_service_owner, for Flyway) and a runtime
# role of the schema's name with DML on its tables only: no DDL, no other schema. The same set-up as
# suite-launcher's PrepareDatabase. The passwords are the compose secrets in /run/secrets.
set -euo pipefail
role_sql() { # role password-file
	local password
	password=$(tr -d '\n' < "$2")
	printf "CREATE ROLE %s LOGIN PASSWORD '%s';\n" "$1" "${password//\'/\'\'}"
}
{
	echo "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
	echo "REVOKE ALL ON DATABASE ordersaga FROM PUBLIC;"
	for role in auth_server order_service payment_service inventory_service notification_service analytics_service; do
		role_sql "${role}_owner" "/run/secrets/${role}_owner"
		role_sql "$role" "/run/secrets/$role"
		cat <<SQL
GRANT CONNECT, TEMPORARY ON DATABASE ordersaga TO ${role}_owner, $role;
CREATE SCHEMA $role AUTHORIZATION ${role}_owner;
REVOKE ALL ON SCHEMA $role FROM PUBLIC;
GRANT USAGE ON SCHEMA $role TO $role;
ALTER DEFAULT PRIVILEGES FOR ROLE ${role}_owner IN SCHEMA $role GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO $role;
ALTER DEFAULT PRIVILEGES FOR ROLE ${role}_owner IN SCHEMA $role GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO $role;
SQL
	done
} | psql -v ON_ERROR_STOP=1 --quiet --username "$POSTGRES_USER" --dbname "$POSTGRES_DB"
