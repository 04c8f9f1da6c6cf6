#!/usr/bin/env bash
# Crash safety of the decision log, end to end with the packaged jar: stream admission requests at the service,
# kill it with SIGKILL mid-stream, start it again, and check that every decision it acknowledged is in the log and
# that the hash chain verifies. CrashSafetyTest runs the same steps in `mvn test`.
#
#   mvn -q package -DskipTests && examples/server/crash-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=target/tollgate.jar
PORT=${PORT:-18199}
WANT=${WANT:-40}
[ -f "$JAR" ] || { echo "crash-test: build first: mvn -q package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/tollgate.yaml" <<YAML
server:
  listen: 127.0.0.1:$PORT
  data_dir: $WORK/data
  policies: $PWD/policies
YAML

start() {
  java -Xmx512m -jar "$JAR" serve --config "$WORK/tollgate.yaml" >>"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "crash-test: the service did not start:" >&2; cat "$WORK/serve.log" >&2; exit 2
}

# One CI job: admission after admission; a uid is recorded only once the service has answered for it.
client() {
  local c=$1 i=0 body out
  while true; do
    i=$((i + 1))
    body=$(jq -c -n --arg uid "crash-$c-$i" --slurpfile plan examples/terraform/inference-us-leak/plan.json \
      '{apiVersion: "tollgate.dev/v1", kind: "PlanReview", request: {uid: $uid, stack: "crash", plan: $plan[0]}}')
    out=$(curl -sf -H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$PORT/v1/admission") || return 0
    echo "crash-$c-$i $(jq -r .response.decision_id <<<"$out")" >>"$WORK/acks.$c"
  done
}

start
for c in 1 2 3 4; do client "$c" & done
until [ "$(cat "$WORK"/acks.* 2>/dev/null | wc -l)" -ge "$WANT" ]; do sleep 0.1; done
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
wait
ACKED=$(cat "$WORK"/acks.* | wc -l)
echo "crash-test: SIGKILL after $ACKED acknowledged decisions"

start
MISSING=0
while read -r uid id; do
  got=$(curl -sf "http://127.0.0.1:$PORT/v1/decisions/$id" | jq -r .log.admission_uid) || got=
  [ "$got" = "$uid" ] || { echo "crash-test: LOST $uid ($id)" >&2; MISSING=$((MISSING + 1)); }
done < <(cat "$WORK"/acks.*)
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

java -jar "$JAR" log verify --db "jdbc:sqlite:$WORK/data/decisions.db"
echo "crash-test: $((ACKED - MISSING)) of $ACKED acknowledged decisions in the log after restart"
[ "$MISSING" -eq 0 ]
