#!/usr/bin/env bash
# Load run for the foundation's performance goals, with a real HTTP client (wrk):
#   - cold start of `agora serve` on SQLite, from exec to the first 200 on /healthz,
#     on a fresh data folder (migrations applied) and on an existing one;
#   - idle resident memory (RSS) after start-up and after the load;
#   - requests per second of /healthz and of `{ serverInfo { version } }` (POST and GET),
#     same tool, same connections, same duration;
#   - sign-in latency with the default argon2id cost, and how many failed sign-ins per second
#     the server answers once throttling refuses them without hashing.
# Usage: cargo build --release && tests/load/run.sh   (needs wrk and curl; DURATION=10s by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${AGORA_BINARY:-$PWD/target/release/agora}"
script="$PWD/tests/load/serverinfo.lua"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
port="${PORT:-18080}"
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

# Starts the server; sets $pid and $startup_ms (exec to the first 200 on /healthz).
start_server() {
    local started
    started=$(now_ms)
    (cd "$work" && AGORA_LISTEN="127.0.0.1:$port" AGORA_LOG=error exec "$binary" serve 2>/dev/null) &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.002; done
    startup_ms=$(( $(now_ms) - started ))
}

stop_server() {
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
}

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }

start_server
echo "cold start, fresh data folder (runs migrations): $startup_ms ms"
stop_server
start_server
echo "cold start, migrations already applied:          $startup_ms ms"
sleep 1
echo "idle RSS after start: $(rss_mb) MB"

rps() { awk '/Requests\/sec/ { print $2 }'; }
echo "GET  /healthz                           : $(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/healthz" | rps) req/s"
echo "POST /graphql { serverInfo { version } }: $(wrk -t2 -c"$connections" -d"$duration" -s "$script" "http://127.0.0.1:$port/graphql" | rps) req/s"
echo "GET  /graphql?query={serverInfo{version}}: $(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/graphql?query=%7BserverInfo%7Bversion%7D%7D" | rps) req/s"
sleep 1
echo "idle RSS after the load: $(rss_mb) MB"
stop_server

(cd "$work" && AGORA_LOG=warn "$binary" create-admin --email admin@example.org --password "a long and quiet river" >/dev/null 2>&1)
start_server
login='{"query":"mutation { login(email: \"admin@example.org\", password: \"a long and quiet river\") { accessToken } }"}'
total=0
for _ in $(seq 1 20); do
    ms=$(curl -s -o /dev/null -w '%{time_total}' -H 'content-type: application/json' -d "$login" "http://127.0.0.1:$port/graphql")
    total=$(awk -v a="$total" -v b="$ms" 'BEGIN { print a + b }')
done
echo "sign-in latency (mean of 20, argon2id at the default cost): $(awk -v t="$total" 'BEGIN { printf "%.0f", t / 20 * 1000 }') ms"
echo "throttled failed sign-ins: $(wrk -t2 -c"$connections" -d"$duration" -s "$PWD/tests/load/login.lua" "http://127.0.0.1:$port/graphql" | rps) req/s"
stop_server
