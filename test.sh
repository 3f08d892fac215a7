#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian machine, builds everything, runs every test
# project and ends with one line: "N passed, N failed".
#   ./test.sh                 everything
#   ./test.sh --filter EXPR   passes a dotnet test filter (e.g. FullyQualifiedName~Toml)
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then filter=(--filter "$2"); fi

# 1. Debian packages the tests use as real peers (idempotent; quiet when all are present).
packages=(
  postgresql              # journal/spool provider tests, cluster leases
  unbound dnsmasq-base    # a real DNS server for the resolver tests
  postfix                 # smtp-sink, smtp-source and a real relay
  swaks                   # SMTP client peer
  libnet-ssleay-perl libio-socket-ssl-perl  # swaks STARTTLS (recommended, not pulled in by --no-install-recommends)
  python3-aiosmtpd        # SMTP server peer
  python3-dkim python3-dnspython openssl  # DKIM verification (dkimpy) and test keys (openssl genpkey)
  dnsutils iproute2 sqlite3 procps
  curl git                # the quickstart script (docs/quickstart.sh); the fresh-clone test and --version
  rabbitmq-server         # AMQP broker for the log hook transport tests (a private instance per run)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/akka-mta-apt.log 2>&1; then
    echo "test.sh: apt-get failed, see /tmp/akka-mta-apt.log"; tail -20 /tmp/akka-mta-apt.log
    echo "0 passed, 1 failed"; exit 1
  fi
  # The distribution starts these as services; tests start their own instances on free ports.
  for svc in postfix postgresql unbound rabbitmq-server; do "${sudo_cmd[@]}" service "$svc" stop >/dev/null 2>&1 || true; done
  # rabbitmq-server's package also starts the system epmd on 0.0.0.0:4369; the test brokers run their own on loopback.
  command -v epmd >/dev/null && { "${sudo_cmd[@]}" epmd -kill >/dev/null 2>&1 || true; }
fi

# 2. Build (warnings are errors).
if ! dotnet build Akka.Mta.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed"; exit 1
fi

# 3. Every test project; results as TRX so one line can sum them all.
results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
status=0
for proj in tests/*/*Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

# 4. One line for the whole run.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).find(".//t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(passed, failed)
PY
)
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
proj_count=$(ls tests/*/*Tests.csproj | wc -l)
if [ "$trx_count" -lt "$proj_count" ]; then
  echo "test.sh: $((proj_count - trx_count)) test project(s) produced no results (crashed?)"
  failed=$((failed + proj_count - trx_count))
fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
