#!/usr/bin/env bash
# `aduan chat` as a person uses it: a sandbox server and the chat simulator in a real
# terminal (tmux on its own socket, so a person's tmux is never touched). The test reads
# the pane like a person reads the screen: it types "halo", picks the numbered button,
# reads the OTP from the SMS the sandbox shows, gets the certificate PDF saved to a file,
# then, as a family member on another WhatsApp number, chooses a person from the list.
# Needs: ADUAN_BIN (set by CTest), tmux, curl, python3 (free ports).
set -euo pipefail

BIN="${ADUAN_BIN:?ADUAN_BIN must point at the aduan binary}"
. "$(dirname "${BASH_SOURCE[0]}")/tmux_test_lib.sh"
export ADUAN_DATA_DIR="$work/data"
export ADUAN_LISTEN="127.0.0.1:$(free_port)"
export ADUAN_ADMIN_LISTEN="127.0.0.1:$(free_port)"
export ADUAN_CLOCK=test
unset ADUAN_ADMIN_TOKEN  # the chat must find DATA_DIR/admin.token like a newcomer's would

"$BIN" serve >"$work/server.log" 2>&1 &
server_pid=$!
wait_ready "$ADUAN_LISTEN"

capture() { tmux -S "$sock" capture-pane -p -J -S -200 -t "$1" >"$work/screen" 2>/dev/null || true; }
wait_screen() {  # wait_screen SESSION REGEX WHAT: until the pane shows REGEX (20 s)
  for _ in $(seq 1 200); do
    capture "$1"
    grep -Eq -- "$2" "$work/screen" && return 0
    sleep 0.1
  done
  fail "the screen never showed $3 ($2)"
}
type_line() { tmux -S "$sock" send-keys -t "$1" -l -- "$2"; tmux -S "$sock" send-keys -t "$1" Enter; }
otp_on_screen() { grep -Eo 'Anda: [0-9]{6}' "$work/screen" | tail -1 | cut -d' ' -f2; }

# --- Siti, on the WhatsApp number registered in the app ------------------------------
tmux -S "$sock" new-session -d -s siti -x 100 -y 50 \
  "'$BIN' chat --as 6281110000001 --save-dir '$work/files'; echo EXITED=\$?; sleep 30"
wait_screen siti 'Say "halo" to start' "the banner"
grep -q '62811\*\*\*\*0001' "$work/screen" || fail "the banner does not show the masked number"
type_line siti "halo"
wait_screen siti '\[1\] Pakai nomor WA ini' "the numbered 'use this WA number' button"
type_line siti "1"
wait_screen siti 'SMS to 62811\*\*\*\*0001 › Kode verifikasi' "the OTP SMS"
code="$(otp_on_screen)"
[ -n "$code" ] || fail "no six-digit code in the SMS"
type_line siti "$code"
wait_screen siti 'nomor Anda sudah terverifikasi' "the verification"
wait_screen siti '\[1\] Sertifikat vaksin' "the menu as numbered choices"
type_line siti "1"
wait_screen siti 'Sertifikat dosis yang mana' "the dose list"
type_line siti "3"
wait_screen siti 'saved to .*sertifikat-vaksin-dosis-3\.pdf' "the certificate saved to a file"
pdf="$work/files/sertifikat-vaksin-dosis-3.pdf"
[ -f "$pdf" ] || fail "the certificate file $pdf is missing"
head -c 5 "$pdf" | grep -q '%PDF-' || fail "the saved certificate is not a PDF"
type_line siti "/image"
wait_screen siti 'hanya bisa membaca pesan teks' "the polite note for an image"
grep -q '3174055708900002' "$work/screen" && fail "a full NIK is on the screen"
type_line siti "/quit"
wait_screen siti 'EXITED=0' "a clean exit after /quit"

# --- the family phone, typed from another WhatsApp number -----------------------------
tmux -S "$sock" new-session -d -s family -x 100 -y 50 "'$BIN' chat --save-dir '$work/files'; echo EXITED=\$?; sleep 30"
wait_screen family 'Say "halo" to start' "the banner"
type_line family "0811-1000-0002"
wait_screen family 'SMS to 62811\*\*\*\*0002 › Kode verifikasi' "the OTP SMS to the typed number"
type_line family "$(otp_on_screen)"
wait_screen family 'Ada beberapa orang terdaftar dengan nomor ini' "the family list"
wait_screen family '\[2\] D\*\*\* L\*\*\*\*\*\*' "the mother as choice 2, masked"
type_line family "2"
wait_screen family 'Anda sekarang mengurus data D\*\*\* L\*\*\*\*\*\*' "the person chosen"
type_line family "/say 2"
wait_screen family 'Booster: belum ada' "her status after typing 2 as text"
tmux -S "$sock" send-keys -t family C-d
wait_screen family 'EXITED=0' "a clean exit at end of input"
echo "chat_tmux_test: ok"
