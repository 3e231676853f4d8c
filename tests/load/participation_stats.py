#!/usr/bin/env python3
"""Cost of the public GraphQL query `participationStats` on a consultation with a million comments.

Why: participation statistics are read from counters (`participation_counts`,
`comment_text_groups`) that the transaction changing a comment keeps up to date, so that
reading them never scans the comments. This script checks that promise end to end, over HTTP,
at 1,000,000 comments, on SQLite and on PostgreSQL, and times, for contrast, the recount the
counters avoid.

How, for each engine:
  1. creates a fresh database (an SQLite file in a temporary folder; a PostgreSQL database with
     a unique name, dropped at the end) and migrates it with `agora migrate`;
  2. seeds it with set-based SQL (no API calls): users, one organization per stakeholder kind
     (the GOVERNMENT one verified and owning the consultation), a PUBLISHED consultation with
     an English translation, two open rounds, then the comments, spread over 7 stakeholder
     kinds, 36 countries (and no country), 6 languages and 3 stances; ~5% confidential, ~40% in
     6 campaigns of identical text, ~3% withdrawn or hidden. Then fills `comment_text_groups`
     and `participation_counts` from the comments, as the migration's backfill does (plus the
     TEXTS rows), and runs ANALYZE;
  3. starts `agora serve` on it, finds the consultation's ID, and times sequential POSTs of a
     full `participationStats` query (every breakdown and the 5 largest campaigns with their
     first comment), checking the figures against a recount;
  4. times, directly in the database, what the query reads (the counter rows, the largest text
     groups) and the naive recount it avoids (GROUP BY over the comments), with their plans;
  5. prints a summary, stops the server and removes everything it created.

Campaign fingerprints are computed as backend/src/consultations/campaigns.rs does (SHA-256 of
the normalized text), so a comment submitted later with the same text would join its campaign;
unique texts get a synthetic unique fingerprint. Each campaign text is sent in both rounds, so
6 campaigns make 12 text groups. No replies and no sections (the counters ignore both).

Usage (Python 3.11, standard library only; `psql` for PostgreSQL):
    python3 tests/load/participation_stats.py                       # both engines, 1M comments
    python3 tests/load/participation_stats.py --engines sqlite --comments 100000 --requests 50
Environment: AGORA_BIN (the agora binary; default target/release/agora, else target/debug/agora,
looked for in $CARGO_TARGET_DIR, the repository and its parent), AGORA_LOAD_POSTGRES_URL
(server to create the database on; default postgres://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNTRIES_JSON = ROOT / "backend/data/countries/countries.json"
SLUG = "participation-stats-load"
JWT_SECRET = "participation-stats-load-secret-0123456789abcdef"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

# --- What the seeded comments look like ------------------------------------------------------
# Each distribution is given in per mille (it must sum to 1000): every comment picks a slot in
# 0..999 per dimension from a hash of its number, and a lookup table maps slots to values.

STAKEHOLDER_KINDS = {  # kind: per mille
    "INDIVIDUAL": 700, "CIVIL_SOCIETY": 120, "INDUSTRY": 80, "ACADEMIA": 50,
    "TECHNICAL_COMMUNITY": 30, "GOVERNMENT": 15, "INTERGOVERNMENTAL": 5,
}
COUNTRIES = {  # ISO code (None: the author gave no country): per mille of participants
    "KE": 60, "NG": 55, "ZA": 30, "GH": 25, "SN": 15, "ET": 20, "EG": 20, "MA": 15, "UG": 20,
    "MW": 10, "RW": 10, "IN": 100, "PK": 30, "BD": 30, "ID": 40, "PH": 30, "VN": 20, "CN": 20,
    "JP": 15, "NP": 10, "BR": 55, "MX": 35, "AR": 20, "CO": 20, "US": 60, "CA": 20, "CL": 10,
    "DE": 35, "FR": 35, "GB": 30, "ES": 20, "PL": 15, "UA": 10, "AU": 20, "NZ": 5, "FJ": 5,
    None: 30,
}
LANGUAGES = {  # language: (per mille, a sentence for unique comments)
    "en": (400, "the definitions in section 1 are too broad."),
    "fr": (200, "les définitions de la section 1 sont trop larges."),
    "es": (150, "las definiciones de la sección 1 son demasiado amplias."),
    "ar": (100, "التعريفات في القسم 1 واسعة جدا."),
    "zh": (80, "第一节中的定义过于宽泛。"),
    "ru": (70, "определения в разделе 1 слишком широки."),
}
STANCES = {"SUPPORT": 450, "OPPOSE": 350, "NEUTRAL": 200}
STATUSES = {"PUBLISHED": 970, "WITHDRAWN": 20, "HIDDEN": 10}
CONFIDENTIAL_PER_MILLE = 50
CAMPAIGNS = [  # (per mille of all comments, language, stance, text)
    (150, "en", "OPPOSE", "We oppose section 3: it harms small businesses!"),
    (100, "en", "SUPPORT", "Public bodies must be in the scope of this Act."),
    (60, "fr", "OPPOSE", "Non à la reconnaissance faciale dans l'espace public !"),
    (40, "es", "SUPPORT", "Los modelos de código abierto necesitan una exención."),
    (30, "en", "NEUTRAL", "Small farmers were not consulted. Extend the deadline!"),
    (20, "ar", "SUPPORT", "يجب أن تكون القرارات الخوارزمية قابلة للتفسير للمواطنين."),
]
# Per-comment slots: (multiplier, modulus); slot = n * multiplier % modulus % 1000.
SLOT_HASHES = {
    "kind_slot": (1103515245, 2147483647),
    "language_slot": (69069, 1000003),
    "stance_slot": (48271, 2147483647),
    "text_slot": (16807, 2147483629),
    "status_slot": (40692, 2147483399),
}
REGIONS = {"002": "AFRICA", "019": "AMERICAS", "142": "ASIA", "150": "EUROPE", "009": "OCEANIA"}

STATS_QUERY = """query($id: ID!) { participationStats(consultationId: $id) {
  comments uniqueTexts campaigns commentsInCampaigns
  byStakeholderKind { kind comments { value fewerThanFive display } }
  byIncomeGroup { incomeGroup comments { value fewerThanFive display } }
  byRegion { region comments { value fewerThanFive display } }
  byLanguage { language comments { value fewerThanFive display } }
  byStance { stance comments { value fewerThanFive display } }
  largestCampaigns(first: 5) { size firstComment { body } } } }"""


# --- Small helpers ---------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fingerprint(text: str) -> str:
    """The fingerprint the server stores for a non-confidential text (campaigns.rs)."""
    normalized, pending_space = [], False
    for character in unicodedata.normalize("NFKC", text).lower():
        if character.isalnum() or unicodedata.category(character).startswith("M"):
            if pending_space and normalized:
                normalized.append(" ")
            pending_space = False
            normalized.append(character)
        elif character.isspace():
            pending_space = True
    return hashlib.sha256("".join(normalized).encode()).hexdigest()[:32]


def quote(value: object) -> str:
    """A SQL literal (the values are this script's own)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def expand(weights: dict) -> list:
    """The 1000 slots of a per-mille distribution."""
    slots = [value for value, weight in weights.items() for _ in range(weight)]
    assert len(slots) == 1000, f"weights sum to {len(slots)}, not 1000"
    return slots


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def id_prefix(kind: int) -> str:
    """The first 23 characters of a UUIDv7-shaped ID made now; `kind` (8-b) tells tables apart."""
    millis = int(time.time() * 1000)
    return f"{millis >> 16:08x}-{millis & 0xffff:04x}-7000-{kind:x}000-"


# --- The binary ------------------------------------------------------------------------------

def binary_candidates() -> list[Path]:
    if os.environ.get("AGORA_BIN"):
        return [Path(os.environ["AGORA_BIN"])]
    targets = [Path(os.environ["CARGO_TARGET_DIR"])] if os.environ.get("CARGO_TARGET_DIR") else []
    targets += [ROOT / "target", ROOT.parent / "target"]
    return [target / profile / "agora" for profile in ("release", "debug") for target in targets]


def snapshot_binary(work: Path, wait_seconds: int) -> tuple[Path, str]:
    """Copies the binary into `work`, so a rebuild during the run cannot change it; waits for it
    to appear (it may be being rebuilt). Returns the copy and where it came from."""
    deadline = time.monotonic() + wait_seconds
    while True:
        for candidate in binary_candidates():
            if candidate.is_file():
                copy = work / "agora"
                try:
                    shutil.copy2(candidate, copy)
                    schema = subprocess.run([copy, "export-schema"], capture_output=True, text=True, timeout=120)
                except (OSError, subprocess.SubprocessError) as error:
                    log(f"{candidate} not usable yet ({error}); retrying")
                    break
                if "participationStats" not in schema.stdout:
                    sys.exit(f"{candidate} has no participationStats query: rebuild it")
                return copy, str(candidate)
        if time.monotonic() > deadline:
            sys.exit("no agora binary found: set AGORA_BIN or build one (cargo build --release)")
        log("waiting for the agora binary (missing or being rebuilt)")
        time.sleep(10)


def run_agora(binary: Path, database_url: str, work: Path, *args: str) -> None:
    env = {**os.environ, "AGORA_DATABASE_URL": database_url, "AGORA_JWT_SECRET": JWT_SECRET,
           "AGORA_LOG": "warn", "AGORA_LOG_FORMAT": "text"}
    subprocess.run([binary, *args], env=env, cwd=work, check=True, capture_output=True, timeout=600)


# --- Engines ---------------------------------------------------------------------------------

class Sqlite:
    name = "SQLite"

    def __init__(self, work: Path):
        self.path = work / "agora.db"
        self.url = f"sqlite://{self.path}"
        self.connection: sqlite3.Connection | None = None

    # Dialect.
    def series(self, first: int, last: int) -> str:
        return f"seq(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM seq WHERE n < {last})"

    with_keyword = "WITH RECURSIVE"

    @staticmethod
    def pad12(expression: str) -> str:
        return f"printf('%012d', {expression})"

    @staticmethod
    def hex32(expression: str) -> str:
        return f"printf('%032x', {expression})"

    @staticmethod
    def timestamp(text: str) -> str:
        return quote(text)  # diesel stores SQLite timestamps as text

    def create(self) -> None:
        pass  # the migration creates the file

    def connect(self) -> sqlite3.Connection:
        if self.connection is None:
            self.connection = sqlite3.connect(self.path, isolation_level=None)
            self.connection.executescript(
                "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;")
        return self.connection

    def execute(self, statements: list[str]) -> None:
        """Runs the statements in one transaction."""
        connection = self.connect()
        connection.execute("BEGIN")
        for statement in statements:
            connection.execute(statement)
        connection.execute("COMMIT")

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(str(value) if value is not None else None for value in row)
                for row in self.connect().execute(sql).fetchall()]

    def time_query(self, sql: str, repeat: int) -> list[float]:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            self.connect().execute(sql).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    def plan(self, sql: str) -> str:
        return "; ".join(row[3] for row in self.connect().execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())

    def analyze(self) -> None:
        self.connect().execute("ANALYZE")
        self.connect().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size_mb(self) -> float:
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        return sum(f.stat().st_size for f in files if f.exists()) / 1e6

    def drop(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Postgres:
    name = "PostgreSQL"

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.database = f"agora_stats_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = admin_url.rsplit("/", 1)[0] + "/" + self.database
        self.created = False

    # Dialect.
    def series(self, first: int, last: int) -> str:
        return f"seq(n) AS (SELECT generate_series({first}::bigint, {last}::bigint))"

    with_keyword = "WITH"

    @staticmethod
    def pad12(expression: str) -> str:
        return f"lpad(({expression})::text, 12, '0')"

    @staticmethod
    def hex32(expression: str) -> str:
        return f"lpad(to_hex({expression}), 32, '0')"

    @staticmethod
    def timestamp(text: str) -> str:
        return f"TIMESTAMP {quote(text)}"

    def psql(self, url: str, script: str, *options: str) -> str:
        result = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *options, url],
                                input=script, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def create(self) -> None:
        self.psql(self.admin_url, f'CREATE DATABASE "{self.database}";')
        self.created = True

    def execute(self, statements: list[str]) -> None:
        """Runs the statements in one transaction (one psql session)."""
        preamble = "SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB';"
        body = ";\n".join(statements)
        self.psql(self.url, f"{preamble}\nBEGIN;\n{body};\nCOMMIT;\n")

    def rows(self, sql: str) -> list[tuple]:
        out = self.psql(self.url, sql + ";", "-At", "-F", "\t")
        return [tuple(value if value != "" else None for value in line.split("\t"))
                for line in out.splitlines() if line]

    def time_query(self, sql: str, repeat: int) -> list[float]:
        """Times in one session with psql's \\timing (client round trip included)."""
        out = self.psql(self.url, "\\timing on\n" + f"{sql};\n" * repeat, "-At", "-o", "/dev/null")
        return [float(line.split()[1]) for line in out.splitlines() if line.startswith("Time:")]

    def plan(self, sql: str) -> str:
        lines = self.psql(self.url, f"EXPLAIN (COSTS OFF) {sql};", "-At").splitlines()
        return " / ".join(line.strip().removeprefix("->  ") for line in lines if "Filter:" not in line
                          and "Cond:" not in line and "Key:" not in line)

    def analyze(self) -> None:
        # VACUUM also sets the visibility map, as autovacuum would after a bulk load, so that
        # the naive recount can use index-only scans (the fairest contrast).
        self.psql(self.url, "VACUUM (ANALYZE);")

    def size_mb(self) -> float:
        return int(self.rows(f"SELECT pg_database_size('{self.database}')")[0][0]) / 1e6

    def drop(self) -> None:
        if self.created:
            self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE);')
            self.created = False


# --- Seeding ---------------------------------------------------------------------------------

@dataclass
class World:
    """The IDs the seed made, and what it was asked for."""
    comments: int
    users: int
    now: str
    user_prefix: str = field(default_factory=lambda: id_prefix(8))
    comment_prefix: str = field(default_factory=lambda: id_prefix(9))
    other_prefix: str = field(default_factory=lambda: id_prefix(0xA))
    consultation: str = ""
    rounds: tuple[str, str] = ("", "")

    def __post_init__(self):
        self.consultation = self.other_prefix + "000000000001"
        self.rounds = (self.other_prefix + "000000000002", self.other_prefix + "000000000003")

    def organization(self, kind: str) -> str:
        return self.other_prefix + f"{100 + list(STAKEHOLDER_KINDS).index(kind):012d}"

    def official(self) -> str:
        return self.other_prefix + "000000000009"


def values_table(name: str, columns: list[str], rows: list[tuple]) -> list[str]:
    """CREATE TABLE + INSERT of a small lookup table."""
    values = ",\n".join("(" + ", ".join(quote(value) for value in row) + ")" for row in rows)
    return [f"CREATE TABLE {name} ({', '.join(columns)})",
            f"INSERT INTO {name} VALUES {values}"]


def lookup_tables(world: World) -> list[str]:
    """The slot → value tables the comment generator joins (seed_*; dropped afterwards)."""
    countries = {c["code"]: c for c in json.loads(COUNTRIES_JSON.read_text())["countries"]}

    def country_row(slot, code):
        if code is None:
            return (slot, None, None, None)
        country = countries[code]
        return (slot, code, country.get("incomeGroup"), REGIONS[country["region"]])

    kinds = [(slot, kind, None if kind == "INDIVIDUAL" else world.organization(kind))
             for slot, kind in enumerate(expand(STAKEHOLDER_KINDS))]
    languages = [(slot, language, LANGUAGES[language][1])
                 for slot, language in enumerate(expand({k: w for k, (w, _) in LANGUAGES.items()}))]
    texts = {"CONFIDENTIAL": CONFIDENTIAL_PER_MILLE}
    texts.update({f"CAMPAIGN{index}": weight for index, (weight, *_) in enumerate(CAMPAIGNS)})
    texts["UNIQUE"] = 1000 - sum(texts.values())
    text_rows = []
    for slot, text in enumerate(expand(texts)):
        if text.startswith("CAMPAIGN"):
            _, language, stance, body = CAMPAIGNS[int(text.removeprefix("CAMPAIGN"))]
            text_rows.append((slot, False, body, fingerprint(body), language, stance))
        else:
            text_rows.append((slot, text == "CONFIDENTIAL", None, None, None, None))
    return [
        *values_table("seed_countries", ["slot INTEGER PRIMARY KEY", "code TEXT", "income_group TEXT", "region TEXT"],
                      [country_row(slot, code) for slot, code in enumerate(expand(COUNTRIES))]),
        *values_table("seed_kinds", ["slot INTEGER PRIMARY KEY", "kind TEXT", "organization_id TEXT"], kinds),
        *values_table("seed_languages", ["slot INTEGER PRIMARY KEY", "language TEXT", "phrase TEXT"], languages),
        *values_table("seed_stances", ["slot INTEGER PRIMARY KEY", "stance TEXT"], list(enumerate(expand(STANCES)))),
        *values_table("seed_statuses", ["slot INTEGER PRIMARY KEY", "status TEXT"], list(enumerate(expand(STATUSES)))),
        *values_table("seed_texts", ["slot INTEGER PRIMARY KEY", "confidential BOOLEAN", "body TEXT",
                                     "fingerprint TEXT", "language TEXT", "stance TEXT"], text_rows),
    ]


def user_country_slot(user: str) -> str:
    """A participant's country slot, from their number (each slot used equally often)."""
    return f"(({user}) * 7919 + 11) % 1000"


def world_rows(engine, world: World) -> list[str]:
    """The official, the organizations, the consultation, its translation and two open rounds."""
    now = world.now
    opens = (datetime.fromisoformat(now) - timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S")
    closes = (datetime.fromisoformat(now) + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    official = world.official()
    statements = [
        "INSERT INTO users (id, email, email_normalized, display_name, password_hash, locale, country_code, "
        "email_verified_at, created_at, updated_at) VALUES "
        f"({quote(official)}, 'official@example.org', 'official@example.org', 'Load-test official', '', 'en', 'KE', "
        f"{quote(now)}, {quote(now)}, {quote(now)})",
    ]
    for kind in STAKEHOLDER_KINDS:
        if kind == "INDIVIDUAL":
            continue
        name = "Ministry of ICT" if kind == "GOVERNMENT" else f"Seeded {kind.lower().replace('_', ' ')} organization"
        statements.append(
            "INSERT INTO organizations (id, name, kind, country_code, website, created_by, verified_at, verified_by, "
            "withdrawal_reason, created_at, updated_at) VALUES "
            f"({quote(world.organization(kind))}, {quote(name)}, {quote(kind)}, 'KE', NULL, {quote(official)}, "
            f"{quote(now)}, {quote(official)}, NULL, {quote(now)}, {quote(now)})")
    statements += [
        "INSERT INTO memberships (id, organization_id, user_id, role, status, created_at, accepted_at) VALUES "
        f"({quote(world.other_prefix + '000000000010')}, {quote(world.organization('GOVERNMENT'))}, {quote(official)}, "
        f"'OFFICIAL', 'ACTIVE', {quote(now)}, {quote(now)})",
        "INSERT INTO consultations (id, organization_id, slug, country_code, topics, original_locale, status, "
        "created_by, created_at, updated_at, published_at, closed_at) VALUES "
        f"({quote(world.consultation)}, {quote(world.organization('GOVERNMENT'))}, {quote(SLUG)}, 'KE', "
        f"'[\"AI governance\"]', 'en', 'PUBLISHED', {quote(official)}, {quote(opens)}, {quote(opens)}, "
        f"{quote(opens)}, NULL)",
        "INSERT INTO consultation_translations (consultation_id, locale, title, summary, body) VALUES "
        f"({quote(world.consultation)}, 'en', 'Draft AI Act (participation statistics load test)', "
        "'A consultation with a million comments.', 'Full text of the draft.')",
    ]
    for index, round_id in enumerate(world.rounds, start=1):
        statements.append(
            "INSERT INTO comment_rounds (id, consultation_id, title, opens_at, closes_at, closed_at, extension_reason, "
            "audience, allowed_organization_kinds, created_by, created_at, updated_at) VALUES "
            f"({quote(round_id)}, {quote(world.consultation)}, {quote(f'Round {index}')}, {quote(opens)}, "
            f"{quote(closes)}, NULL, NULL, 'PUBLIC', '[]', {quote(official)}, {quote(opens)}, {quote(opens)})")
    return statements


def users_insert(engine, world: World) -> str:
    return (
        "INSERT INTO users (id, email, email_normalized, display_name, password_hash, locale, country_code, "
        "email_verified_at, created_at, updated_at) "
        f"{engine.with_keyword} {engine.series(0, world.users - 1)} "
        f"SELECT '{world.user_prefix}' || {engine.pad12('n')}, 'participant-' || n || '@example.org', "
        f"'participant-' || n || '@example.org', 'Participant ' || n, '', 'en', c.code, "
        f"{quote(world.now)}, {quote(world.now)}, {quote(world.now)} "
        f"FROM seq JOIN seed_countries c ON c.slot = {user_country_slot('n')}")


def comments_insert(engine, world: World) -> str:
    """The comments, generated by the database: comment n's attributes come from hashes of n;
    its author's country is the author's own (as the server copies it onto the comment)."""
    slots = ", ".join(f"n * {multiplier} % {modulus} % 1000 AS {name}"
                      for name, (multiplier, modulus) in SLOT_HASHES.items())
    round1, round2 = world.rounds
    return f"""
INSERT INTO comments (id, tracking_number, consultation_id, round_id, section_id, section_version_id, parent_id,
    depth, author_id, organization_id, stakeholder_kind, author_country, income_group, region, language, stance,
    confidential, status, body, version, endorsement_count, flag_count, review_requested_at, moderation_reason,
    created_at, edited_at, withdrawn_at, text_fingerprint)
{engine.with_keyword} {engine.series(1, world.comments)},
picks AS (SELECT n, {slots}, n * 2654435761 % 4294967291 % {world.users} AS author, n * 7 % 10 AS round_slot FROM seq)
SELECT '{world.comment_prefix}' || {engine.pad12('p.n')}, 'SEED-' || {engine.pad12('p.n')},
    '{world.consultation}', CASE WHEN p.round_slot < 6 THEN '{round1}' ELSE '{round2}' END,
    NULL, NULL, NULL, 0,
    '{world.user_prefix}' || {engine.pad12('p.author')}, k.organization_id, k.kind, c.code, c.income_group, c.region,
    COALESCE(t.language, l.language), COALESCE(t.stance, s.stance), t.confidential, st.status,
    CASE WHEN t.body IS NOT NULL THEN t.body
         WHEN t.confidential THEN 'Confidential comment ' || p.n || ': ' || l.phrase
         ELSE 'Comment ' || p.n || ': ' || l.phrase END,
    1, p.n % 7, 0, NULL,
    CASE WHEN st.status = 'HIDDEN' THEN 'Hidden by a moderator (seeded).' END,
    {quote(world.now)}, NULL, CASE WHEN st.status = 'WITHDRAWN' THEN {engine.timestamp(world.now)} END,
    CASE WHEN t.confidential THEN NULL ELSE COALESCE(t.fingerprint, {engine.hex32('p.n')}) END
FROM picks p
JOIN seed_kinds k ON k.slot = p.kind_slot
JOIN seed_countries c ON c.slot = {user_country_slot('p.author')}
JOIN seed_languages l ON l.slot = p.language_slot
JOIN seed_stances s ON s.slot = p.stance_slot
JOIN seed_statuses st ON st.slot = p.status_slot
JOIN seed_texts t ON t.slot = p.text_slot"""


def counter_statements() -> list[str]:
    """The counters, from the comments: the migration's backfill, with the TEXTS rows computed
    from the text groups (a confidential or fingerprint-less comment is a text of its own)."""
    published = "FROM comments WHERE status = 'PUBLISHED'"
    insert = "INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)"
    statements = [
        "INSERT INTO comment_text_groups (round_id, fingerprint, consultation_id, size) "
        f"SELECT round_id, text_fingerprint, consultation_id, COUNT(*) {published} AND text_fingerprint IS NOT NULL "
        "GROUP BY round_id, text_fingerprint, consultation_id",
        f"{insert} SELECT round_id, 'TOTAL', '', consultation_id, COUNT(*) {published} "
        "GROUP BY round_id, consultation_id",
    ]
    for dimension, value in [("STAKEHOLDER_KIND", "stakeholder_kind"),
                             ("INCOME_GROUP", "COALESCE(income_group, 'UNKNOWN')"),
                             ("REGION", "COALESCE(region, 'UNKNOWN')"),
                             ("LANGUAGE", "language"), ("STANCE", "stance")]:
        statements.append(f"{insert} SELECT round_id, '{dimension}', {value}, consultation_id, COUNT(*) {published} "
                          f"GROUP BY round_id, consultation_id, {value}")
    statements += [
        f"{insert} SELECT round_id, 'TEXTS', 'UNIQUE', consultation_id, SUM(texts) FROM ("
        "SELECT round_id, consultation_id, COUNT(*) AS texts FROM comment_text_groups WHERE size > 0 "
        "GROUP BY round_id, consultation_id UNION ALL "
        f"SELECT round_id, consultation_id, COUNT(*) {published} AND text_fingerprint IS NULL "
        "GROUP BY round_id, consultation_id) AS parts GROUP BY round_id, consultation_id",
        f"{insert} SELECT round_id, 'TEXTS', 'CAMPAIGNS', consultation_id, COUNT(*) FROM comment_text_groups "
        "WHERE size >= 2 GROUP BY round_id, consultation_id",
        f"{insert} SELECT round_id, 'TEXTS', 'IN_CAMPAIGNS', consultation_id, SUM(size) FROM comment_text_groups "
        "WHERE size >= 2 GROUP BY round_id, consultation_id",
    ]
    return statements


def timed(label: str, timings: dict, action) -> None:
    started = time.perf_counter()
    action()
    timings[label] = time.perf_counter() - started
    log(f"  {label}: {timings[label]:.1f} s")


def seed(engine, world: World) -> dict:
    """Seeds the database; returns the seconds each step took."""
    timings: dict[str, float] = {}
    lookups = lookup_tables(world)
    timed("world and users", timings,
          lambda: engine.execute(lookups + world_rows(engine, world) + [users_insert(engine, world)]))
    timed("comments", timings, lambda: engine.execute([comments_insert(engine, world)]))
    drops = [f"DROP TABLE seed_{name}" for name in ("countries", "kinds", "languages", "stances", "statuses", "texts")]
    timed("counters", timings, lambda: engine.execute(counter_statements() + drops))
    timed("analyze", timings, engine.analyze)
    return timings


# --- The server ------------------------------------------------------------------------------

class Server:
    def __init__(self, binary: Path, database_url: str, work: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        for folder in ("mail", "data", "courses"):
            (work / folder).mkdir(exist_ok=True)
        env = {**os.environ, "AGORA_DATABASE_URL": database_url, "AGORA_LISTEN": f"127.0.0.1:{self.port}",
               "AGORA_JWT_SECRET": JWT_SECRET, "AGORA_MAIL_URL": f"file://{work / 'mail'}",
               "AGORA_DATA_DIR": str(work / "data"), "AGORA_COURSE_CONTENT": str(work / "courses"),
               "AGORA_LOG": "warn", "AGORA_LOG_FORMAT": "text"}
        self.log_path = work / "server.log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen([binary, "serve"], env=env, cwd=work,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 180) -> float:
        """Waits for /healthz; returns the seconds it took."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"agora serve exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError("agora serve did not answer /healthz in time")

    def graphql(self, query: str, variables: dict | None = None) -> tuple[dict, float]:
        """POSTs a query; returns its data and the milliseconds the round trip took."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"content-type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        answer = json.loads(payload)
        if answer.get("errors"):
            raise RuntimeError(f"GraphQL errors: {answer['errors']}")
        return answer["data"], elapsed

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def latency(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {"n": len(ordered), "min": ordered[0], "median": statistics.median(ordered),
            "p95": percentile(ordered, 0.95), "max": ordered[-1]}


def time_stats_query(server: Server, consultation_id: str, requests: int) -> tuple[dict, dict, dict]:
    """Times the statistics query and, as a floor, `{ serverInfo { version } }`."""
    variables = {"id": consultation_id}
    for _ in range(5):  # warm-up: connections in the pool, caches
        server.graphql(STATS_QUERY, variables)
        server.graphql("{ serverInfo { version } }")
    stats = [server.graphql(STATS_QUERY, variables)[1] for _ in range(requests)]
    floor = [server.graphql("{ serverInfo { version } }")[1] for _ in range(requests)]
    answer, _ = server.graphql(STATS_QUERY, variables)
    return answer["participationStats"], latency(stats), latency(floor)


# --- Recount and checks ----------------------------------------------------------------------

def naive_queries(consultation: str) -> dict[str, str]:
    """The recount the counters avoid (what a statistics query without them would run)."""
    where = f"consultation_id = '{consultation}' AND status = 'PUBLISHED'"
    return {
        "by stakeholder kind": f"SELECT stakeholder_kind, COUNT(*) FROM comments WHERE {where} "
                               "GROUP BY stakeholder_kind",
        "by region": f"SELECT COALESCE(region, 'UNKNOWN'), COUNT(*) FROM comments WHERE {where} "
                     "GROUP BY COALESCE(region, 'UNKNOWN')",
        "distinct texts": f"SELECT COUNT(DISTINCT round_id || ':' || text_fingerprint) FROM comments "
                          f"WHERE {where} AND text_fingerprint IS NOT NULL",
    }


def counter_queries(consultation: str) -> dict[str, str]:
    """What participationStats reads instead (statistics.rs), for an in-database comparison."""
    return {
        "counters (all breakdowns)": "SELECT dimension, value, count FROM participation_counts "
                                     f"WHERE consultation_id = '{consultation}'",
        "5 largest campaigns": "SELECT round_id, fingerprint, size FROM comment_text_groups "
                               f"WHERE consultation_id = '{consultation}' AND size >= 2 "
                               "ORDER BY size DESC, fingerprint DESC LIMIT 5",
    }


def time_in_database(engine, queries: dict[str, str], repeat: int) -> dict[str, dict]:
    """Median and min of `repeat` runs of each query, after one run that warms the cache."""
    results = {}
    for label, sql in queries.items():
        timings = engine.time_query(sql, repeat + 1)[1:]
        results[label] = {"median": statistics.median(timings), "min": min(timings), "plan": engine.plan(sql)}
        log(f"  {label}: median {results[label]['median']:.1f} ms; plan: {results[label]['plan']}")
    return results


def check(engine, world: World, answer: dict) -> tuple[list[str], int]:
    """Compares the API's figures with a recount of the comments; returns the differences and
    the number of published comments."""
    consultation = world.consultation
    where = f"consultation_id = '{consultation}' AND status = 'PUBLISHED'"
    published = int(engine.rows(f"SELECT COUNT(*) FROM comments WHERE {where}")[0][0])
    expected = {"comments": published}
    expected["uniqueTexts"] = int(engine.rows(
        f"SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT round_id, text_fingerprint FROM comments WHERE {where} "
        f"AND text_fingerprint IS NOT NULL) AS g) + (SELECT COUNT(*) FROM comments WHERE {where} "
        "AND text_fingerprint IS NULL)")[0][0])
    groups = engine.rows(f"SELECT COUNT(*) FROM comments WHERE {where} AND text_fingerprint IS NOT NULL "
                         "GROUP BY round_id, text_fingerprint HAVING COUNT(*) >= 2")
    expected["campaigns"] = len(groups)
    expected["commentsInCampaigns"] = sum(int(size) for (size,) in groups)
    problems = [f"{key}: API {answer[key]}, recount {value}" for key, value in expected.items() if answer[key] != value]
    kinds = {kind: int(count) if int(count) >= 5 else None  # 1 to 4 are withheld
             for kind, count in engine.rows(naive_queries(consultation)["by stakeholder kind"])}
    api_kinds = {cell["kind"]: cell["comments"]["value"] for cell in answer["byStakeholderKind"]}
    if api_kinds != kinds:
        problems.append(f"byStakeholderKind: API {api_kinds}, recount {kinds}")
    if [c["size"] for c in answer["largestCampaigns"]] != sorted((int(s) for (s,) in groups), reverse=True)[:5]:
        problems.append("largestCampaigns sizes differ from the recount")
    if any(not (c["firstComment"] or {}).get("body") for c in answer["largestCampaigns"]):
        problems.append("a campaign has no first comment")
    return problems, published


# --- One engine, end to end ------------------------------------------------------------------

def run_engine(engine, binary: Path, work: Path, args) -> dict:
    log(f"== {engine.name}")
    engine.create()
    run_agora(binary, engine.url, work, "migrate")
    world = World(comments=args.comments, users=args.users,
                  now=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"))
    log(f"seeding {args.comments:,} comments by {args.users:,} participants")
    seeding = seed(engine, world)
    result = {"engine": engine.name, "seed": seeding, "seed_total": sum(seeding.values()),
              "size_mb": engine.size_mb()}
    server = Server(binary, engine.url, work)
    try:
        result["startup_s"] = server.wait_ready()
        data, _ = server.graphql(f'{{ consultation(slug: "{SLUG}") {{ id }} }}')
        consultation_id = data["consultation"]["id"]
        log(f"timing {args.requests} participationStats requests")
        answer, result["stats"], result["floor"] = time_stats_query(server, consultation_id, args.requests)
    finally:
        server.stop()
    result["problems"], result["published"] = check(engine, world, answer)
    result["answer"] = {key: answer[key] for key in ("comments", "uniqueTexts", "campaigns", "commentsInCampaigns")}
    result["largest"] = [campaign["size"] for campaign in answer["largestCampaigns"]]
    log("timing the counter reads and the naive recount in the database")
    result["counters"] = time_in_database(engine, counter_queries(world.consultation), args.naive_repeat)
    result["naive"] = time_in_database(engine, naive_queries(world.consultation), args.naive_repeat)
    return result


# --- Report ----------------------------------------------------------------------------------

def print_summary(results: list[dict], args, binary_source: str) -> None:
    print()
    print(f"participationStats at {args.comments:,} comments ({args.users:,} participants); binary: {binary_source}")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    for result in results:
        seed_steps = ", ".join(f"{label} {seconds:.1f}" for label, seconds in result["seed"].items())
        stats, floor = result["stats"], result["floor"]
        print(f"\n{result['engine']}")
        print(f"  seed: {result['seed_total']:.1f} s ({seed_steps}); database {result['size_mb']:.0f} MB")
        print(f"  published comments: {result['published']:,}; API answer: {result['answer']}; "
              f"largest campaigns: {result['largest']}")
        print(f"  checks: {'OK' if not result['problems'] else '; '.join(result['problems'])}")
        print(f"  {'ms over HTTP':<34} {'min':>8} {'median':>8} {'p95':>8} {'max':>8}")
        for label, row in ((f"participationStats (n={stats['n']})", stats),
                           (f"serverInfo {{ version }} (n={floor['n']})", floor)):
            print(f"  {label:<34} {row['min']:8.2f} {row['median']:8.2f} {row['p95']:8.2f} {row['max']:8.2f}")
        for title, key in (("counter reads", "counters"), ("naive recount", "naive")):
            print(f"  {title} in the database (median of {args.naive_repeat}; min; plan):")
            for label, row in result[key].items():
                print(f"    {label:<26} {row['median']:9.2f} ms  (min {row['min']:.2f})  {row['plan']}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed participationStats requests")
    parser.add_argument("--naive-repeat", type=int, default=5, help="timed runs of each in-database query")
    parser.add_argument("--postgres-url", default=os.environ.get("AGORA_LOAD_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--binary-wait", type=int, default=1800, help="seconds to wait for the agora binary")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    results = []
    with tempfile.TemporaryDirectory(prefix="agora-stats-") as root:
        binary, source = snapshot_binary(Path(root), args.binary_wait)
        for name in engines:
            work = Path(root) / name
            work.mkdir()
            engine = {"sqlite": lambda: Sqlite(work), "postgres": lambda: Postgres(args.postgres_url)}[name]()
            try:
                results.append(run_engine(engine, binary, work, args))
            finally:
                engine.drop()
    print_summary(results, args, source)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 1 if any(result["problems"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
