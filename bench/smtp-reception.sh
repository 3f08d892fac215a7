#!/usr/bin/env bash
# Bench (a), SMTP reception: postfix smtp-source sends 10 KB messages at concurrency 32 to
# `akka-mta sink` (our server, discarding) and to postfix smtp-sink (the C baseline), in the
# same run, alternating, and prints messages/s for each and the ratio ours/smtp-sink.
#   bench/smtp-reception.sh [MESSAGES] [ROUNDS]      defaults: 10000 messages, 3 rounds
# Two modes: "reuse" (smtp-source -d: many messages per connection) and "reconnect" (one
# message per connection). The figure per mode is the median of the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
rounds=${2:-3}
sessions=32
length=10240
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }

dotnet build src/Akka.Mta.Node -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
ours=$(free_port); theirs=$(free_port)
dotnet src/Akka.Mta.Node/bin/Release/net10.0/akka-mta.dll sink --listen "127.0.0.1:$ours" >"$work/ours.log" 2>&1 & pids+=($!)
user_opt=(); [ "$(id -u)" -eq 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" "127.0.0.1:$theirs" 256 >"$work/theirs.log" 2>&1 & pids+=($!)
wait_port "$ours"; wait_port "$theirs"

# seconds for one smtp-source run
run() { # port extra-flags
  local start end
  start=$(date +%s.%N)
  /usr/sbin/smtp-source $2 -s "$sessions" -l "$length" -m "$messages" -f sender@example.org -t rcpt@example.com "127.0.0.1:$1"
  end=$(date +%s.%N)
  calc "$end - $start"
}
calc() { /usr/bin/python3 -c "print($1)"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run "$ours" "-d" >/dev/null   # warm-up: JIT and pools
echo "smtp-source: $messages messages of $length bytes, $sessions sessions, median of $rounds rounds"
printf "%-10s %14s %14s %8s\n" mode "akka-mta msg/s" "smtp-sink msg/s" ratio
for mode in reuse reconnect; do
  flags=""; [ "$mode" = reuse ] && flags="-d"
  : >"$work/o"; : >"$work/t"
  for _ in $(seq 1 "$rounds"); do
    run "$theirs" "$flags" >>"$work/t"
    run "$ours" "$flags" >>"$work/o"
  done
  o=$(median <"$work/o"); t=$(median <"$work/t")
  printf "%-10s %14.0f %14.0f %8.2f\n" "$mode" "$(calc "$messages / $o")" "$(calc "$messages / $t")" "$(calc "$t / $o")"
done
