"""A free loopback port for a test server, printed (as a script) or returned (free_port()).

Chosen below the kernel's ephemeral range, as app::free_loopback_port does for the C++ tests:
a port handed out by bind(0) can be handed again to a neighbouring test's connection before
the server binds it (that race once failed CI). Falls back to bind(0) when the range leaves
no room."""
import random
import socket

LOWEST_PICKED_PORT = 10000
TRIES = 64


def free_port():
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        top = int(f.read().split()[0]) - 1
    candidates = [random.randint(LOWEST_PICKED_PORT, top) for _ in range(TRIES)] if top - LOWEST_PICKED_PORT >= 1000 else []
    for port in candidates + [0]:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return s.getsockname()[1]
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError("no free loopback port")


if __name__ == "__main__":
    print(free_port())
