#!/usr/bin/env python3
"""How fast a fragment bomb is refused, and whether it delays anyone else.

Why: a document whose fragments each spread the previous one twice is a few kilobytes but holds
2^N fields once expanded. The server measures it without expanding it and refuses it with
QUERY_TOO_COMPLEX; anything that expands it (validation, async-graphql's nesting check) would
spend time doubling with every level, on a thread other requests need.

What: against a running server (BASE_URL), first times a trivial query alone, then sends two
bombs (`--levels`, 24 by default) at the same moment as the same trivial query, and prints how
long each bomb took to be refused and how long the trivial query took meanwhile. Repeats this
`--rounds` times and prints the medians and the worst. Goal: refusal under 50 ms, the trivial
query not delayed (about what it takes alone).

Usage (Python 3, standard library only):
    BASE_URL=http://127.0.0.1:8080 python3 tests/load/fragment_bomb.py [--levels 24] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.request

TRIVIAL = "{ serverInfo { version } }"


def bomb(levels: int) -> str:
    lines = [f"query {{ serverInfo {{ ...F{levels} }} }}", "fragment F0 on ServerInfo { version }"]
    lines += [f"fragment F{level} on ServerInfo {{ ...F{level - 1} ...F{level - 1} }}" for level in range(1, levels + 1)]
    return "\n".join(lines)


def post(base_url: str, query: str) -> tuple[float, dict]:
    """Sends one query; returns the seconds it took and the JSON answer."""
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        f"{base_url}/graphql", data=body, headers={"content-type": "application/json"}, method="POST"
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.load(response)
    return time.perf_counter() - started, answer


def code(answer: dict) -> str:
    errors = answer.get("errors") or [{}]
    return (errors[0].get("extensions") or {}).get("code", "none")


def one_round(base_url: str, document: str) -> tuple[list[float], float]:
    """Two bombs and a trivial query at the same moment; their durations."""
    results: dict[str, tuple[float, dict]] = {}
    start = threading.Barrier(3)

    def send(name: str, query: str) -> None:
        start.wait()
        results[name] = post(base_url, query)

    threads = [
        threading.Thread(target=send, args=(name, query))
        for name, query in [("bomb-1", document), ("bomb-2", document), ("trivial", TRIVIAL)]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in ("bomb-1", "bomb-2"):
        if code(results[name][1]) != "QUERY_TOO_COMPLEX":
            sys.exit(f"{name} was not refused with QUERY_TOO_COMPLEX: {results[name][1]}")
    if code(results["trivial"][1]) != "none":
        sys.exit(f"the trivial query failed: {results['trivial'][1]}")
    return [results["bomb-1"][0], results["bomb-2"][0]], results["trivial"][0]


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, default=24, help="fragment levels (2^levels fields)")
    parser.add_argument("--rounds", type=int, default=20, help="rounds of two bombs and a trivial query")
    arguments = parser.parse_args()
    base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080").rstrip("/")
    document = bomb(arguments.levels)

    alone = [post(base_url, TRIVIAL)[0] for _ in range(arguments.rounds)]
    refusals: list[float] = []
    trivial: list[float] = []
    for _ in range(arguments.rounds):
        bombs, beside = one_round(base_url, document)
        refusals += bombs
        trivial.append(beside)

    print(f"server: {base_url}; document: {arguments.levels} levels, {len(document)} bytes, "
          f"2^{arguments.levels} fields expanded; {arguments.rounds} rounds")
    print(f"trivial query alone:          median {milliseconds(statistics.median(alone))}, "
          f"worst {milliseconds(max(alone))}")
    print(f"bomb refused (QUERY_TOO_COMPLEX): median {milliseconds(statistics.median(refusals))}, "
          f"worst {milliseconds(max(refusals))}")
    print(f"trivial query beside 2 bombs: median {milliseconds(statistics.median(trivial))}, "
          f"worst {milliseconds(max(trivial))}")
    goal = max(refusals) < 0.050
    print(f"goal (refusal < 50 ms): {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    main()
