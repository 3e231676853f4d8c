#!/usr/bin/env python3
"""The README's run command, tried the way a newcomer would: on a clean clone, as written.

Takes the first ```sh block after the line **Run:** in README.md (not a copy of it), runs it in
a fresh clone of this repository's HEAD, and checks what the README promises: /healthz answers,
/graphiql and every asset it loads are served from the server itself, and the first start created
data/agora.db, data/mail/ and data/jwt-secret. Then, with a websocket client and an idle HTTP
keep-alive connection open, SIGTERM must close the socket with 1001 (going away) at once and end
the process cleanly (exit code 0) within 5 seconds.

Usage: first_run.py [--target-dir DIR] [--port PORT] [--then COMMAND]
  --target-dir  cargo's target folder to share with the clone (saves a second build)
  --then        a command run while the server is up, with BASE_URL set (e.g. a browser check)
"""

import argparse
import base64
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_AND_START_TIMEOUT = 40 * 60
SHUTDOWN_LIMIT = 5.0


def fail(message):
    print(f"first run: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def readme_run_command():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    match = re.search(r"^\*\*Run:\*\*\s*\n+```sh\n(.*?)\n```", text, re.M | re.S)
    if not match:
        fail("README.md has no ```sh block after a line **Run:**")
    return match.group(1).strip()


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


class Assets(HTMLParser):
    """The scripts, styles and other resources a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.urls.append(attrs["src"])


def check_graphiql(base):
    status, headers, body = get(base + "/graphiql")
    if status != 200:
        fail(f"/graphiql answered {status}")
    page = Assets()
    page.feed(body.decode("utf-8"))
    if not page.urls:
        fail("/graphiql loads no script or style: is it the GraphiQL page?")
    fetched = 0
    for url in page.urls:
        if url.startswith("data:"):
            continue
        fetched += 1
        absolute = urljoin(base + "/graphiql", url)
        if urlparse(absolute).netloc != urlparse(base).netloc:
            fail(f"/graphiql loads {url} from another host")
        status, _, asset = get(absolute, {"Accept-Encoding": "identity"})
        if status != 200 or not asset:
            fail(f"{url} answered {status} with {len(asset)} bytes")
    csp = headers.get("Content-Security-Policy", "")
    if not fetched:
        fail("/graphiql loads no script or style from the server")
    print(f"first run: /graphiql and its {fetched} assets served by the server; CSP: {csp or 'none'}")


def websocket(port):
    """Opens /graphql/ws (graphql-transport-ws) and sends connection_init; returns the socket."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(
        (
            "GET /graphql/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
        ).encode()
    )
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += connection.recv(4096)
    if not answer.startswith(b"HTTP/1.1 101"):
        fail(f"the websocket handshake answered {answer.splitlines()[0]!r}")
    payload = b'{"type":"connection_init","payload":{}}'
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
    connection.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)
    return connection


def close_code(connection, within):
    """Reads frames until a close frame; returns its code (None if the socket just ends)."""
    connection.settimeout(within)
    buffer = b""
    while True:
        while len(buffer) < 2 or len(buffer) < frame_length(buffer):
            chunk = connection.recv(4096)
            if not chunk:
                return None
            buffer += chunk
        length = frame_length(buffer)
        frame, buffer = buffer[:length], buffer[length:]
        if frame[0] & 0x0F == 0x8:
            header = 2 if frame[1] & 0x7F < 126 else 4
            return struct.unpack("!H", frame[header : header + 2])[0] if length >= header + 2 else None


def frame_length(buffer):
    if len(buffer) < 2:
        return 2
    size = buffer[1] & 0x7F
    if size == 126:
        return 4 + (struct.unpack("!H", buffer[2:4])[0] if len(buffer) >= 4 else 0)
    if size == 127:
        return 10 + (struct.unpack("!Q", buffer[2:10])[0] if len(buffer) >= 10 else 0)
    return 2 + size


def agora_process(parent):
    """The `agora` process under the shell that runs the README's command."""
    for _ in range(50):
        found = subprocess.run(["pgrep", "-s", str(parent), "-x", "agora"], capture_output=True, text=True)
        pids = found.stdout.split()
        if pids:
            return int(pids[0])
        time.sleep(0.1)
    fail("no `agora` process runs under the README's command")


def main():
    options = argparse.ArgumentParser()
    options.add_argument("--target-dir", default=os.path.join(ROOT, "target"))
    options.add_argument("--port", type=int, default=18080)
    options.add_argument("--then")
    arguments = options.parse_args()

    command = readme_run_command()
    print(f"first run: the README's run command is `{command}`")
    scratch = tempfile.mkdtemp(prefix="agora-first-run-")
    clone = os.path.join(scratch, "agora")
    subprocess.run(["git", "clone", "--quiet", ROOT, clone], check=True)
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("AGORA_") and key != "RUSTFLAGS"
    }
    environment.update(CARGO_TARGET_DIR=arguments.target_dir, AGORA_LISTEN=f"127.0.0.1:{arguments.port}")
    base = f"http://127.0.0.1:{arguments.port}"
    log = open(os.path.join(scratch, "server.log"), "w")
    started = time.monotonic()
    server = subprocess.Popen(
        ["bash", "-c", command], cwd=clone, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        while True:
            if server.poll() is not None:
                fail(f"the command ended with code {server.returncode} before serving; see {log.name}")
            if time.monotonic() - started > BUILD_AND_START_TIMEOUT:
                fail("the server did not answer /healthz in time")
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        print(f"first run: /healthz answered after {time.monotonic() - started:.0f} s (build included)")
        check_graphiql(base)
        for created in ["data/agora.db", "data/mail", "data/jwt-secret"]:
            if not os.path.exists(os.path.join(clone, created)):
                fail(f"the first start did not create {created}")
        print("first run: data/agora.db, data/mail/ and data/jwt-secret were created")
        if arguments.then:
            subprocess.run(arguments.then, shell=True, check=True, env=dict(os.environ, BASE_URL=base))

        socket_client = websocket(arguments.port)
        idle_http = socket.create_connection(("127.0.0.1", arguments.port))
        idle_http.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        idle_http.recv(4096)
        time.sleep(0.5)
        stopping = time.monotonic()
        os.kill(agora_process(server.pid), signal.SIGTERM)
        code = close_code(socket_client, within=SHUTDOWN_LIMIT)
        closed_after = time.monotonic() - stopping
        if code != 1001:
            fail(f"on SIGTERM the websocket got close code {code}, not 1001 (going away)")
        try:
            exit_code = server.wait(timeout=SHUTDOWN_LIMIT)
        except subprocess.TimeoutExpired:
            fail(f"the server was still running {SHUTDOWN_LIMIT:.0f} s after SIGTERM")
        stopped_after = time.monotonic() - stopping
        if exit_code != 0:
            fail(f"the server exited with code {exit_code} after SIGTERM; see {log.name}")
        print(
            f"first run: SIGTERM closed the websocket with 1001 after {closed_after * 1000:.0f} ms "
            f"and the server exited cleanly after {stopped_after * 1000:.0f} ms"
        )
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    subprocess.run(["rm", "-rf", scratch])
    print("first run: passed")


if __name__ == "__main__":
    main()
