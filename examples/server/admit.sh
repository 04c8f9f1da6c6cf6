#!/usr/bin/env bash
# Asks Tollgate's admission webhook about a plan, as a CI job does before `terraform apply` / `pulumi up`.
# Signs the request with HMAC-SHA256 over "TIMESTAMP.BODY" when TOLLGATE_WEBHOOK_SECRET is set, else sends
# TOLLGATE_TOKEN as a bearer token when that is set, else nothing (a service without credentials, on loopback).
# Prints the review's response; exits 0 when allowed, 1 when denied, 2 when the service could not be asked.
#
#   examples/server/admit.sh http://127.0.0.1:8181 "$CI_PIPELINE_ID" gpu-training-eu plan.json
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: admit.sh URL UID STACK PLAN" >&2; exit 2; }
url=$1 uid=$2 stack=$3 plan=$4
body=$(mktemp)
trap 'rm -f "$body"' EXIT
jq -c -n --arg uid "$uid" --arg stack "$stack" --slurpfile plan "$plan" \
  '{apiVersion: "tollgate.dev/v1", kind: "PlanReview", request: {uid: $uid, stack: $stack, plan: $plan[0]}}' >"$body"

auth=()
if [ -n "${TOLLGATE_WEBHOOK_SECRET:-}" ]; then
  ts=$(date +%s)
  sig=$({ printf '%s.' "$ts"; cat "$body"; } | openssl dgst -sha256 -hmac "$TOLLGATE_WEBHOOK_SECRET" -r | cut -d' ' -f1)
  auth=(-H "X-Tollgate-Timestamp: $ts" -H "X-Tollgate-Signature: sha256=$sig")
elif [ -n "${TOLLGATE_TOKEN:-}" ]; then
  auth=(-H "Authorization: Bearer $TOLLGATE_TOKEN")
fi

answer=$(curl -sS --fail-with-body -H 'Content-Type: application/json' "${auth[@]}" --data-binary @"$body" "$url/v1/admission") || {
  echo "admit: $answer" >&2
  exit 2
}
jq .response <<<"$answer"
[ "$(jq -r .response.allowed <<<"$answer")" = true ]
