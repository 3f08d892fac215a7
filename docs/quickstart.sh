#!/usr/bin/env bash
# Akka.Mta in five minutes: a local sink, one node that routes every domain to it, mail sent with
# swaks and with `akka-mta inject`, the queues, the sink's counts, a log record and an automation
# suspension. Run it from the repository root (`bash docs/quickstart.sh`) or paste it step by step.
# Needs the .NET 10 SDK, swaks and curl (`sudo apt-get install swaks curl`).
set -euo pipefail

# Addresses: the MTA's SMTP and HTTP API (serve's defaults), and the sink the policy routes to.
SMTP=${SMTP:-127.0.0.1:2525}
HTTP=${HTTP:-127.0.0.1:8000}
SINK=${SINK:-127.0.0.1:2526}
SINK_STATS=${SINK_STATS:-127.0.0.1:8025}
POLICY=${POLICY:-policy/examples/local-sink/init.lua}
DATA=${DATA:-.quickstart/data}

echo "== 0. build akka-mta once (about a minute the first time)"
if [ -z "${AKKA_MTA_BIN:-}" ]; then
  dotnet publish src/Akka.Mta.Node -c Release -nologo -v q -o .quickstart/akka-mta
  AKKA_MTA_BIN=$PWD/.quickstart/akka-mta
fi
export PATH="$AKKA_MTA_BIN:$PATH"   # the `akka-mta` executable
# Retries a check every 0.2 s for up to a minute; gives up at once when a background job has exited.
wait_for() {
  for _ in $(seq 300); do
    if eval "$1" >/dev/null 2>&1; then return 0; fi
    if [ "$(jobs -r | wc -l)" -lt "$(jobs | wc -l)" ]; then echo "quickstart: a process exited (above)" >&2; return 1; fi
    sleep 0.2
  done
  echo "quickstart: gave up waiting for $2" >&2; return 1
}
# Stop the sink and the MTA (SIGTERM) when the script ends, however it ends.
trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT

echo "== 1. start the sink: accepts and discards mail, counts it at http://$SINK_STATS/stats"
akka-mta sink --listen "$SINK" --http "$SINK_STATS" &
wait_for "curl -sf http://$SINK_STATS/stats" "the sink"

echo "== 2. start the MTA with the local-sink policy"
akka-mta serve --policy "$POLICY" --data-dir "$DATA" --smtp-listen "$SMTP" --http-listen "$HTTP" &
wait_for "curl -sf http://$HTTP/api/check-liveness/v1" "the MTA"

echo "== 3. send one message over SMTP with swaks"
swaks --server "$SMTP" --from me@example.org --to you@example.com \
  --header 'Subject: hello from swaks' --body 'It works.' --silent 2 && echo "swaks: accepted"

echo "== 4. inject twenty messages over HTTP (the shaping lets 5 a second through)"
akka-mta inject --url "http://$HTTP" --from me@example.org --to user{1..20}@example.net \
  --subject 'hello from inject' --text 'It works too.'

echo "== 5. the queues: scheduled queues, and the egress path to the sink with its limit"
akka-mta queues --url "http://$HTTP"

echo "== 6. the sink's counts once all 21 messages arrived"
wait_for "curl -sf http://$SINK_STATS/stats | grep -q '\"messages\": 21,'" "21 messages at the sink"
curl -s "http://$SINK_STATS/stats" | head -n 6

echo "== 7. a delivery log record (JSON lines under $DATA/logs)"
wait_for "grep -qh '\"type\":\"Delivery\"' $DATA/logs/*" "a Delivery record"
grep -h '"type":"Delivery"' "$DATA"/logs/* | tail -n 1

echo "== 8. automation: the sink answers 421 4.7.0 to reply-421-4.7.0@..., a rule suspends the path"
akka-mta inject --url "http://$HTTP" --from me@example.org --to reply-421-4.7.0@example.com \
  --subject 'deferred' --text 'The sink defers this one.'
wait_for "akka-mta tsa status --url http://$HTTP | grep -q Suspend" "the suspension"
akka-mta tsa status --url "http://$HTTP"

echo "== done: stopping the MTA and the sink"
