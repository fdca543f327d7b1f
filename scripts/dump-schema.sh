#!/usr/bin/env bash
# Regenerates src/db/schema.sql: the schema every migration produces, as one readable file, so a
# schema change shows up as a diff in review. Needs a PostgreSQL server (TEST_DATABASE_URL or local).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
name="p88_schema_$$"
psql "$base" -qc "create database $name"
trap 'psql "$base" -qc "drop database if exists $name with (force)"' EXIT
url="${base%/*}/$name"
DATABASE_URL="$url" P88_DATA_DIR="$(mktemp -d)" node bin/p88.js migrate >/dev/null
pg_dump --schema-only --no-owner --no-privileges --no-comments "$url" \
  | sed -e '/^--/d' -e '/^SET /d' -e '/^SELECT pg_catalog.set_config/d' -e '/^\\restrict/d' -e '/^\\unrestrict/d' | cat -s > src/db/schema.sql
echo "wrote src/db/schema.sql"
