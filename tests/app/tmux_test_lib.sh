# Shared scaffolding of the tmux tests (sourced, not run): a work dir, tmux on its own socket
# (a person's tmux is never touched), clean-up of tmux and the server, failure output showing
# the last screen and the server log, free ports, and waiting for the server to be ready.
# The caller starts `aduan serve` with its output in "$work/server.log" and sets server_pid.

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

# A free loopback port below the kernel's ephemeral range (see ops_browser_test.py's free_port:
# bind(0) ports can be handed to a neighbour's connection before the server binds them).
free_port() {
  python3 - <<'PY'
import random, socket
top = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0]) - 1
candidates = [random.randint(10000, top) for _ in range(64)] if top - 10000 >= 1000 else []
for port in candidates + [0]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        print(s.getsockname()[1])
        break
    except OSError:
        pass
    finally:
        s.close()
PY
}

wait_ready() {  # wait_ready HOST:PORT — until /readyz answers 200 (60 s), or the server exits
  for _ in $(seq 1 600); do
    curl -fsS "http://$1/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited during start-up"
    sleep 0.1
  done
  curl -fsS "http://$1/readyz" >/dev/null || fail "the server never became ready"
}
