#!/usr/bin/env python3
"""Whether a websocket message split over continuation frames can grow the server's memory.

Why: every frame is capped at 64 KiB, but a message may be split over any number of
continuation frames, and the server must not keep assembling it. Agora counts the assembled
message against the HTTP body limit and closes the socket with 1009 once it is over; the
issue's goal is that one socket sending 100 MB of continuation frames leaves the server's
resident memory (RSS) within 10 MB of where it started.

What: against a running server (BASE_URL) whose process id is given (`--pid`, to read
/proc/PID/status), opens one graphql-transport-ws socket (`/graphql/ws`), sends a text frame without FIN and
then continuation frames of 64 KiB until `--megabytes` have been sent or the server closes the
socket, opening a new socket after each close (a client that keeps trying). Prints RSS before,
the highest RSS seen while sending, RSS after, the close codes received, and whether the goal
was met.

Usage (Python 3, standard library only):
    BASE_URL=http://127.0.0.1:8080 python3 tests/load/continuation_flood.py --pid "$(pgrep -n agora)"
"""

from __future__ import annotations

import argparse
import base64
import os
import socket
import struct
import sys
import time
import urllib.parse

FRAME = 64 * 1024
TEXT, CONTINUATION, CLOSE = 0x1, 0x0, 0x8


def rss_megabytes(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    sys.exit(f"no VmRSS for process {pid}")


def open_socket(base_url: str) -> socket.socket:
    """A websocket connection to /graphql/ws, after the HTTP upgrade."""
    url = urllib.parse.urlsplit(base_url)
    connection = socket.create_connection((url.hostname, url.port or 80), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(
        (
            f"GET /graphql/ws HTTP/1.1\r\nHost: {url.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
        ).encode()
    )
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            sys.exit("the server closed the connection during the upgrade")
        answer += chunk
    if not answer.startswith(b"HTTP/1.1 101"):
        sys.exit(f"no upgrade: {answer.splitlines()[0]!r}")
    return connection


def frame(opcode: int, payload: bytes, final: bool) -> bytes:
    """One masked client frame (the mask is zero: the bytes are the payload)."""
    head = bytes([(0x80 if final else 0) | opcode])
    length = len(payload)
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", length)
    return head + b"\0\0\0\0" + payload


def close_code(connection: socket.socket) -> int | None:
    """The code of a close frame waiting on the connection, if one came."""
    connection.settimeout(2)
    try:
        data = connection.recv(4096)
    except OSError:
        return None
    if len(data) >= 4 and data[0] & 0x0F == CLOSE:
        return struct.unpack("!H", data[2:4])[0]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pid", type=int, required=True, help="the agora process id")
    parser.add_argument("--megabytes", type=int, default=100, help="how much to send in all")
    arguments = parser.parse_args()
    base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080").rstrip("/")

    before = rss_megabytes(arguments.pid)
    highest = before
    payload = b"x" * FRAME
    sent = 0
    total = arguments.megabytes * 1024 * 1024
    codes: dict[int | None, int] = {}
    while sent < total:
        connection = open_socket(base_url)
        opcode = TEXT
        try:
            while sent < total:
                connection.sendall(frame(opcode, payload, final=False))
                opcode = CONTINUATION
                sent += FRAME
                if sent % (4 * 1024 * 1024) == 0:
                    highest = max(highest, rss_megabytes(arguments.pid))
        except OSError:
            pass
        code = close_code(connection)
        codes[code] = codes.get(code, 0) + 1
        connection.close()
    time.sleep(1)
    after = rss_megabytes(arguments.pid)
    highest = max(highest, after)

    print(f"server: {base_url} (pid {arguments.pid}); sent {sent / 1024 / 1024:.0f} MB in 64 KiB frames")
    print(f"RSS before {before:.1f} MB, highest while sending {highest:.1f} MB, after {after:.1f} MB")
    print("close codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(codes.items(), key=str)))
    goal = highest - before <= 10
    print(f"goal (RSS within 10 MB of the start): {'met' if goal else 'NOT met'}")
    if not goal:
        sys.exit(1)


if __name__ == "__main__":
    main()
