#!/usr/bin/env bash
# `aduan inspect top` in a real terminal: a sandbox server, webhook traffic, and tmux (on
# its own socket, so a person's tmux is never touched) running the live view. The test
# reads the pane the way a person would read the screen: headings, the live actor count,
# message rates, masked phone numbers only; then q quits and Ctrl-C quits.
# Needs: ADUAN_BIN (set by CTest), tmux, curl, openssl, python3 (free ports).
set -euo pipefail

BIN="${ADUAN_BIN:?ADUAN_BIN must point at the aduan binary}"
SECRET="aduan-sandbox-app-secret"   # documented sandbox value
PHONE_ID="100000000000001"
TOKEN="tmux-test-ops-token-0123456789"
WA_BASE="62812777700"               # citizens 6281277770001…

. "$(dirname "${BASH_SOURCE[0]}")/tmux_test_lib.sh"
port="$(free_port)"
admin_port="$(free_port)"
admin="http://127.0.0.1:$admin_port"

ADUAN_DATA_DIR="$work/data" ADUAN_LISTEN="127.0.0.1:$port" ADUAN_ADMIN_LISTEN="127.0.0.1:$admin_port" \
  ADUAN_ADMIN_TOKEN="$TOKEN" ADUAN_CLOCK=test "$BIN" serve >"$work/server.log" 2>&1 &
server_pid=$!

wait_ready "127.0.0.1:$port"

n=0
send() {  # send WA_ID TEXT: one signed webhook, like Meta would post it
  n=$((n + 1))
  local body sig
  body=$(printf '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"62800","phone_number_id":"%s"},"contacts":[{"profile":{"name":"T"},"wa_id":"%s"}],"messages":[{"from":"%s","id":"wamid.TMUX%d","timestamp":"%s","type":"text","text":{"body":"%s"}}]}}]}]}' \
    "$PHONE_ID" "$1" "$1" "$n" "$(date +%s)" "$2")
  sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/webhook" \
    -H "Content-Type: application/json" -H "X-Hub-Signature-256: sha256=$sig" --data-binary "$body" \
    || fail "webhook post refused"
}

for i in 1 2 3; do send "${WA_BASE}0$i" "halo"; done

# The live view, in a 120x40 terminal.
tmux -S "$sock" new-session -d -s top -x 120 -y 40 \
  "'$BIN' inspect top --url '$admin' --token '$TOKEN' --interval 1; echo EXITED=\$?; sleep 30"

capture() { tmux -S "$sock" capture-pane -p -t top >"$work/screen" 2>/dev/null || true; }
wait_screen() {  # wait_screen REGEX WHAT: until the pane shows REGEX (20 s)
  for _ in $(seq 1 200); do
    capture
    grep -Eq -- "$1" "$work/screen" && return 0
    sleep 0.1
  done
  fail "the screen never showed $2 ($1)"
}

wait_screen 'aduan inspect top' "the title"
for heading in MESSAGES ACTORS BACKLOG CHANNEL 'BUSIEST MAILBOXES' 'TICKETS'; do
  grep -q "$heading" "$work/screen" || fail "no $heading heading"
done
wait_screen 'live 3' "three live actors"
wait_screen '6281\*+000[123]|62812\*+' "masked citizens in the busiest mailboxes"
grep -q "${WA_BASE}01" "$work/screen" && fail "a full phone number is on screen"

# More traffic while the view runs: the rate turns into a number and the count grows.
for i in 4 5 6 7 8; do send "${WA_BASE}0$i" "halo"; done
wait_screen 'live 8' "the live count following new conversations"
wait_screen 'in [0-9]+\.[0-9]/s' "a message rate"
grep -Eq 'channel|ok' "$work/screen" || fail "no channel state"

# q quits at once and the command exits 0.
tmux -S "$sock" send-keys -t top q
wait_screen 'EXITED=0' "a clean exit after q"

# Ctrl-C quits too.
tmux -S "$sock" kill-session -t top
tmux -S "$sock" new-session -d -s top -x 120 -y 40 \
  "'$BIN' inspect top --url '$admin' --token '$TOKEN' --interval 1; echo EXITED=\$?; sleep 30"
wait_screen 'BUSIEST MAILBOXES' "the view again"
tmux -S "$sock" send-keys -t top C-c
wait_screen 'EXITED=0' "a clean exit after Ctrl-C"

# A wrong token is a plain message, not a broken screen.
tmux -S "$sock" kill-session -t top
tmux -S "$sock" new-session -d -s top -x 120 -y 40 \
  "'$BIN' inspect top --url '$admin' --token wrong-token-0123456789; echo EXITED=\$?; sleep 30"
wait_screen 'EXITED=1' "exit 1 on a wrong token"
grep -q 'the admin token was refused (401)' "$work/screen" || fail "no refused-token message"

echo "inspect top in tmux: ok"
