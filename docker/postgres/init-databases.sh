#!/bin/sh
# Junction: one database and one login role per sample service, each role owning only its own database.
# The postgres image runs this once, when it initialises an empty data directory; the passwords come from the
# container's environment (docker compose: .env; Kubernetes dev overlay: the junction-credentials Secret).
# k8s/dev/postgres-init-databases.sh is a copy of this file (kustomize reads only files below its overlay).
set -eu
psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	--set users_password="$USER_SERVICE_DB_PASSWORD" \
	--set orders_password="$ORDER_SERVICE_DB_PASSWORD" <<'SQL'
CREATE ROLE sample_users LOGIN PASSWORD :'users_password';
CREATE DATABASE sample_users OWNER sample_users;
REVOKE ALL ON DATABASE sample_users FROM PUBLIC;
CREATE ROLE sample_orders LOGIN PASSWORD :'orders_password';
CREATE DATABASE sample_orders OWNER sample_orders;
REVOKE ALL ON DATABASE sample_orders FROM PUBLIC;
SQL
