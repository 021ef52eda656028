# Shared scaffolding of the tmux tests (sourced, not run): a work dir, tmux on its own socket
# (a person's tmux is never touched), clean-up of tmux and the server, failure output showing
# the last screen and the server log, free ports, and waiting for the server to be ready.
# The caller starts `aduan serve` with its output in "$work/server.log" and sets server_pid.

lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
sock="$work/tmux.sock"
server_pid=""
cleanup() {
  tmux -S "$sock" kill-server 2>/dev/null || true
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "---- last screen ----" >&2
  cat "$work/screen" >&2 2>/dev/null || true
  echo "---- server log (tail) ----" >&2
  tail -20 "$work/server.log" >&2 2>/dev/null || true
  exit 1
}

# A free loopback port below the kernel's ephemeral range (tests/app/free_port.py).
free_port() { python3 "$lib_dir/free_port.py"; }

wait_ready() {  # wait_ready HOST:PORT — until /readyz answers 200 (60 s), or the server exits
  for _ in $(seq 1 600); do
    curl -fsS "http://$1/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited during start-up"
    sleep 0.1
  done
  curl -fsS "http://$1/readyz" >/dev/null || fail "the server never became ready"
}
