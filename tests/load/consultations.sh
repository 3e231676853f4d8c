#!/usr/bin/env bash
# Load run for the consultation goals, over HTTP with wrk, on SQLite and (when
# AGORA_LOAD_POSTGRES_URL names a server, e.g. postgres://postgres@127.0.0.1:5432) on PostgreSQL:
#   - durable comments accepted per second with 64 concurrent clients (each request signed in
#     as the next of 5,000 participants, under the default per-account limit of 30 an hour;
#     every accepted comment is counted again in the database afterwards);
#   - the first page of 50 comments (authors, organizations, responses) at 10k and at 1M comments;
#   - the plan (EXPLAIN) of the listing query at 1M comments.
# Usage: cargo build --release -p agora -p agora-tests && tests/load/consultations.sh
#        (needs wrk, curl and, for PostgreSQL, psql; DURATION=10s by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
binary="${AGORA_BINARY:-$root/target/release/agora}"
seeder="${AGORA_SEEDER:-$root/target/release/load_seed}"
duration="${DURATION:-10s}"
port="${PORT:-18081}"
work="$(mktemp -d)"
# Receipts go to the file transport on tmpfs, standing in for the SMTP relay of a deployment.
mail_dir="${MAIL_DIR:-$(mktemp -d -p /dev/shm 2>/dev/null || echo "$work/mail")}"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work" "$mail_dir"' EXIT
export AGORA_JWT_SECRET="load-run-secret-load-run-secret-0123456789"

start_server() {
    (cd "$work" && AGORA_DATABASE_URL="$1" AGORA_LISTEN="127.0.0.1:$port" AGORA_LOG=error \
        AGORA_MAIL_URL="file://$mail_dir" AGORA_DATABASE_POOL_SIZE="${POOL_SIZE:-8}" \
        AGORA_COMMENTS_PER_CLIENT_PER_HOUR=100000000 \
        exec "$binary" serve 2>"$work/server.log") &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
}

stop_server() {
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
}

count_comments() {
    case "$1" in
        sqlite://*) sqlite3 "${1#sqlite://}" "SELECT count(*) FROM comments" 2>/dev/null ||
            python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM comments').fetchone()[0])" "${1#sqlite://}" ;;
        *) psql -tA "$1" -c "SELECT count(*) FROM comments" ;;
    esac
}

page() {
    SLUG=load-test-consultation wrk -t2 -c4 -d"$duration" -s "$root/tests/load/page.lua" "http://127.0.0.1:$port/graphql" | tail -1
}

run() {
    local engine="$1" url="$2"
    echo "== $engine"
    "$seeder" --database-url "$url" --out "$work" --users 5000 --comments 10000 2>&1
    start_server "$url"
    echo "first page of 50 at 10k comments: $(page)"
    local before after
    before=$(count_comments "$url")
    echo "submitComment, 64 clients: $(TOKENS="$work/tokens.txt" ROUND_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["roundId"])' "$work/seed.json")" \
        wrk -t2 -c64 -d"$duration" -s "$root/tests/load/submit.lua" "http://127.0.0.1:$port/graphql" | tail -1)"
    stop_server
    after=$(count_comments "$url")
    echo "comments stored by the run (counted in the database after the server stopped): $((after - before))"
    "$seeder" --database-url "$url" --out "$work" --users 5000 --comments $((1000000 - after)) --explain 2>&1
    start_server "$url"
    echo "first page of 50 at $(count_comments "$url") comments: $(page)"
    stop_server
}

run SQLite "sqlite://$work/agora.db"
if [ -n "${AGORA_LOAD_POSTGRES_URL:-}" ]; then
    psql "$AGORA_LOAD_POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS agora_load WITH (FORCE)" -c "CREATE DATABASE agora_load"
    run PostgreSQL "$AGORA_LOAD_POSTGRES_URL/agora_load"
fi
