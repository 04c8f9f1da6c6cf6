#!/usr/bin/env bash
# Asks the Tollgate admission service whether each plan under a directory may be applied.
#
#   TOLLGATE_URL=https://tollgate.internal:8181 TOLLGATE_WEBHOOK_SECRET=... ci/tollgate-admission.sh PLANS_DIR
#
# Each plan (plan.json from `terraform show -json`, preview.json from `pulumi preview --json`) is sent as a
# PlanReview to POST /v1/admission, signed with HMAC-SHA256 over "TIMESTAMP.BODY" under the webhook secret:
# X-Tollgate-Timestamp carries the Unix time, X-Tollgate-Signature "sha256=" and the hex digest. The service
# accepts a signature within 5 minutes of its clock, and only once. The stack is the plan's directory name.
# The request uid names the CI run, so a retried job gets the decision already made instead of a second one.
# Exit status 1 when the service denies a plan, 2 when it cannot be asked.
set -euo pipefail

plans=${1:?usage: tollgate-admission.sh PLANS_DIR}
: "${TOLLGATE_URL:?set TOLLGATE_URL to the admission service}"
: "${TOLLGATE_WEBHOOK_SECRET:?set TOLLGATE_WEBHOOK_SECRET to the webhook secret the service knows}"
run_id=${TOLLGATE_RUN_ID:-${GITHUB_RUN_ID:-${CI_PIPELINE_ID:-local}}.${GITHUB_RUN_ATTEMPT:-${CI_JOB_ID:-0}}}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
found=0
while IFS= read -r plan; do
  found=1
  stack=$(basename "$(dirname "$plan")")
  jq -c -n --arg uid "$run_id/$stack" --arg stack "$stack" --slurpfile plan "$plan" \
    '{apiVersion: "tollgate.dev/v1", kind: "PlanReview", request: {uid: $uid, stack: $stack, plan: $plan[0]}}' \
    > "$work/request.json"
  ts=$(date +%s)
  sig=$({ printf '%s.' "$ts"; cat "$work/request.json"; } | openssl dgst -sha256 -hmac "$TOLLGATE_WEBHOOK_SECRET" -r | cut -d' ' -f1)
  if ! curl -sS --fail-with-body -X POST "$TOLLGATE_URL/v1/admission" \
      -H 'Content-Type: application/json' \
      -H "X-Tollgate-Timestamp: $ts" \
      -H "X-Tollgate-Signature: sha256=$sig" \
      --data-binary "@$work/request.json" -o "$work/response.json"; then
    echo "tollgate admission: $stack: the service did not answer with a decision:" >&2
    cat "$work/response.json" >&2 2>/dev/null || true
    exit 2
  fi
  allowed=$(jq -r '.response.allowed' "$work/response.json")
  echo "$stack: allowed=$allowed: $(jq -r '.response.status.message' "$work/response.json") (decision $(jq -r '.response.decision_id' "$work/response.json"))"
  jq -r '.response.warnings[]? | "  warning: " + .' "$work/response.json"
  [ "$allowed" = true ] || status=1
done < <(find "$plans" \( -name plan.json -o -name preview.json \) -type f | sort)

if [ "$found" = 0 ]; then
  echo "tollgate admission: no plan.json or preview.json under $plans" >&2
  exit 2
fi
exit "$status"
