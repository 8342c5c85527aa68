"""Real Tk/ttk renderings under Xvfb, labelled to the pixel: the widget corpus.

Each frame is one full-screen Tk window of a busy desktop app (a CRM table, an
onboarding form, a team chat, a log viewer, a host inventory, a customer record,
a settings dialog) drawn by :mod:`widgets_app` in a child process. This module
picks the content from the seed, hands it over as a JSON spec, waits until the
screen stops changing, captures it with mss, and labels it: the child reports
where each text line's segments are (asked of Tk itself), and
:func:`labels.label` finds the ink there. A line holding a value is labelled
only at its values; a line without one is an ordinary line, labelled whole.

Ordinary text is chosen to trip naive redactors (UUIDs, build hashes, order
numbers, versions, prices, paths, talk about passwords), and one kind of value
comes without any caption (a password dropped into a chat line).

Run ``python -m benchmarks.corpora.real.widgets --out DIR`` to write PNGs with
JSON sidecars (and ``--debug`` copies with the label boxes drawn on them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import select
import string
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mss
from PIL import Image

from benchmarks.corpora.real.inspect import sidecar, with_boxes
from benchmarks.corpora.real.labels import OVERHANG, label
from benchmarks.corpora.screen_corpus import InkRegion, Screen, ScreenValue, make_value
from benchmarks.corpora.text_corpus import _FIRST, _LAST

if TYPE_CHECKING:
    from tests.desktop import Display

__all__ = ["KINDS", "WidgetCorpusError", "generate", "main"]

KINDS: tuple[str, ...] = ("crm", "form", "chat", "log", "hosts", "record", "settings")
THEMES: tuple[str, ...] = ("light", "dark")
FAMILIES: tuple[str | None, ...] = (
    "DejaVu Sans", "DejaVu Sans Mono", "Liberation Sans", "Liberation Serif", None,
)  # fmt: skip
"""Body fonts; None is Tk's own default (TkDefaultFont, and TkFixedFont in text areas)."""
POINT_SIZES: tuple[int, ...] = (9, 10, 11, 12)
TK_DEFAULT_POINT = 10
"""The size of Tk's default fonts on X11, for planning how much fits."""
MONO = "DejaVu Sans Mono"
"""Text areas of logs and inventories are monospaced whatever the body font."""
MIN_VALUES, MAX_VALUES = 10, 25
"""Sensitive values per frame, as on the busy screens of the synthetic corpus."""
DRAW_TIMEOUT_S = 15.0
"""How long a child may take to start, draw and report, before the frame is abandoned."""
POLL_S = 0.04
"""Pause between captures while waiting for the screen to stop changing."""
LIGHT_TTK = ("clam", "default", "alt")
"""ttk themes of light frames; dark frames use clam, the one that takes every colour."""
DARK_PALETTES: tuple[dict[str, str], ...] = (
    {"bg": "#1e1e1e", "panel": "#2d2d30", "field": "#252526", "fg": "#d4d4d4",
     "muted": "#9d9d9d", "border": "#3f3f46", "select": "#264f78", "name": "#c586c0"},
    {"bg": "#282c34", "panel": "#21252b", "field": "#1d2026", "fg": "#abb2bf",
     "muted": "#7f848e", "border": "#3e4451", "select": "#3e4451", "name": "#e5c07b"},
)  # fmt: skip
"""Dark colours for classic and ttk widgets alike; light frames keep each ttk theme's own."""
APP = Path(__file__).with_name("widgets_app.py")

Seg = tuple[str, str | None, str]
"""A piece of a line: its text, its value type (None when ordinary) and a style."""
Node = dict[str, Any]


class WidgetCorpusError(RuntimeError):
    """A frame could not be drawn or labelled; the message says which and why."""


# --------------------------------------------------------------------------------------
# Ordinary text that looks like data
# --------------------------------------------------------------------------------------


def _day(rng: random.Random) -> dt.date:
    return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))


def _hex(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


_PATHS = (
    "/var/log/nginx/access.log", "/etc/consentry/agent.toml", "~/projects/billing/src/app.py",
    "C:\\Users\\Public\\Documents\\Q3-report.xlsx", "/srv/backups/db-2024-03-12.sql.gz",
    "/opt/crm/releases/3.14.2/config.yaml", "/home/ops/.ssh/known_hosts", "./scripts/deploy.sh",
)  # fmt: skip
_HOSTS = ("web", "db", "cache", "mail", "vpn", "ci")
_FILLERS: dict[str, Callable[[random.Random], str]] = {
    "uuid": lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    "hash": lambda r: _hex(r, r.choice((7, 8, 12))),
    "sha": lambda r: _hex(r, 40),
    "order": lambda r: f"ORD-{r.randint(2022, 2025)}-{r.randint(100000, 999999)}",
    "inv": lambda r: f"INV-{r.randint(10000, 99999)}",
    "inc": lambda r: f"INC-{r.randint(10000, 99999)}",
    "cus": lambda r: f"CUS-{r.randint(10000, 99999)}",
    "iso": lambda r: _day(r).isoformat(),
    "date": lambda r: f"{(d := _day(r)).day} {d:%b %Y}",
    "time": lambda r: f"{r.randint(7, 18):02d}:{r.randint(0, 59):02d}",
    "ver": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
    "price": lambda r: f"{r.choice('£$€')}{r.uniform(3, r.choice((99, 4999))):,.2f}",
    "path": lambda r: r.choice(_PATHS),
    "name": lambda r: f"{r.choice(_FIRST)} {r.choice(_LAST)}",
    "first": lambda r: r.choice(_FIRST),
    "n": lambda r: f"{r.randint(2, 2400):,}",
    "ms": lambda r: str(r.randint(3, 950)),
    "pct": lambda r: f"{r.uniform(80, 99.99):.2f}%",
    "plan": lambda r: r.choice(("Free", "Pro", "Business", "Enterprise", "Team")),
    "state": lambda r: r.choice(("Active", "Pending", "Paid", "Overdue", "Closed", "On hold")),
    "host": lambda r: f"{r.choice(_HOSTS)}-{r.randint(1, 24):02d}",
}  # fmt: skip
_POLICY = (
    "Passwords must be 12 characters or more.", "Never share your password or API keys.",
    "Password last changed 14 days ago.", "Reset your password from the account page.",
    "Keys are rotated every 90 days.", "Two-factor authentication is required for admins.",
)  # fmt: skip
_FORMATTER = string.Formatter()


# --------------------------------------------------------------------------------------
# Content: every text line of a frame, with the exact place of each value
# --------------------------------------------------------------------------------------


@dataclass
class _Content:
    """The lines of one frame as they are chosen, each under an id the child reports back.

    Node makers return the spec dicts :mod:`widgets_app` builds widgets from.
    """

    rng: random.Random
    screen: tuple[int, int]
    point: int
    lines: dict[str, tuple[Seg, ...]] = field(default_factory=dict)
    values: int = 0
    target: int = 0

    def __post_init__(self) -> None:
        self.target = self.rng.randint(MIN_VALUES + 2, MAX_VALUES - 4)

    @property
    def pitch(self) -> int:
        """A generous estimate of a text line's height in pixels, to plan what fits."""
        return round(self.point * 96 / 72 * 1.2) + 4

    def rows_fit(self, used_px: int) -> int:
        """How many text lines fit below ``used_px`` of the screen's height."""
        return max(0, (self.screen[1] - used_px) // self.pitch)

    def segs(self, template: str, style: str = "") -> tuple[Seg, ...]:
        """Fill a template: ``{EMAIL}`` (``{SECRET:gh}``) is a value, ``{order}`` a filler."""
        segs: list[Seg] = []
        for literal, name, spec, _ in _FORMATTER.parse(template):
            if literal:
                segs.append((literal, None, style))
            if name is None:
                continue
            if name[0].isupper():
                segs.append((make_value(name, self.rng, spec or ""), name, style))
                self.values += 1
            else:
                segs.append((_FILLERS[name](self.rng), None, style))
        return tuple(segs)

    def add(self, segs: Sequence[Seg], key: str = "") -> Node:
        key = key or f"t{len(self.lines)}"
        self.lines[key] = tuple(segs)
        return {"id": key, "line": [list(s) for s in segs]}

    def line(self, template: str, style: str = "") -> Node:
        return self.add(self.segs(template, style))

    def label(self, template: str, style: str = "") -> Node:
        return {"type": "label", "style": style, **self.line(template)}

    def entry(self, template: str, classic: bool, chars: int = 0, right: bool = False) -> Node:
        """A plain entry holding the filled template; ``right`` packs it at a bar's far end."""
        node = {"type": "entry", "classic": classic, "chars": chars, "right": right}
        return {**node, **self.line(template)}

    def pairs(self, rows: Sequence[tuple[str, str]], columns: int = 1, **entry: Any) -> Node:
        """Captions beside value labels, or beside entries when ``entry`` options are given."""

        def value(template: str) -> Node:
            return self.entry(template, **entry) if entry else self.label(template)

        rows_ = [(self.label(caption), value(template)) for caption, template in rows]
        return {"type": "pairs", "columns": columns, "rows": rows_}

    def listbox(self, templates: Sequence[str], mono: bool = False) -> Node:
        items = [self.line(t) for t in templates]
        return {"type": "listbox", "mono": mono, "height": len(items), "items": items}

    def text(self, lines: Sequence[str | Node], expand: bool = True) -> Node:
        """A Text area of templates, or of lines already added (for styled segments)."""
        nodes = [self.line(line) if isinstance(line, str) else line for line in lines]
        return {"type": "text", "lines": nodes, "height": len(nodes) + 1, "expand": expand}

    def tree(self, headings: Sequence[str], rows: Sequence[Sequence[str]], striped: bool) -> Node:
        """A table; an empty template leaves its cell blank."""
        table = []
        prefix = f"g{len(self.lines)}"
        for r, templates in enumerate(rows):
            key = f"{prefix}r{r}"
            cells = [self.add(self.segs(t), f"{key}.{i}")["line"] for i, t in enumerate(templates)]
            table.append({"id": key, "cells": cells})
        return {"type": "tree", "headings": list(headings), "rows": table, "height": len(rows),
                "striped": striped}  # fmt: skip


def _group(title: str, *children: Node) -> Node:
    return {"type": "group", "title": title, "children": list(children)}


def _value_count(template: str) -> int:
    return sum(1 for _, name, _, _ in _FORMATTER.parse(template) if name and name[0].isupper())


def _take(rng: random.Random, pool: Sequence[str], count: int) -> list[str]:
    """``count`` templates from ``pool``, without repeats until the pool runs out."""
    picks = rng.sample(list(pool), min(len(pool), max(0, count)))
    while len(picks) < count:
        picks.append(rng.choice(pool))
    return picks


def _mixed(rng: random.Random, valued: list[str], plain: Sequence[str], count: int) -> list[str]:
    """Valued lines with ``count`` plain ones scattered among them."""
    lines = valued + _take(rng, plain, count)
    rng.shuffle(lines)
    return lines


# --------------------------------------------------------------------------------------
# App kinds: content -> the spec's title and regions (top, bottom, left, right, main)
# --------------------------------------------------------------------------------------

_CRM_VALUE_COLUMNS = (
    ("E-mail", "{EMAIL}"), ("Phone", "{PHONE}"), ("Postcode", "{UK_POSTCODE}"),
    ("NI number", "{UK_NINO}"), ("Account", "{BANK_ACCOUNT}"), ("Sort code", "{SORT_CODE}"),
    ("NHS number", "{NHS_NUMBER}"),
)  # fmt: skip
_CRM_PLAIN_COLUMNS = (
    ("Created", "{iso}"), ("Plan", "{plan}"), ("Balance", "{price}"), ("Status", "{state}"),
)  # fmt: skip
_SECTIONS = (
    "Dashboard", "Customers", "Orders", "Invoices", "Support tickets", "Reports", "Audit log",
    "Settings",
)  # fmt: skip
_ACTIVITY = (
    "{time}  {order} dispatched, {price}", "{time}  Invoice {inv} paid by bank transfer",
    "{time}  Password reset link sent (policy: 12+ characters)",
    "{time}  Export customers-{iso}.csv finished ({n} rows)",
    "{time}  Sync job {uuid} completed in {ms} ms", "{time}  Build {hash} deployed to production",
    "{time}  Ticket {inc} escalated to tier 2", "{time}  Plan changed from Pro to Business",
)  # fmt: skip


def _crm(c: _Content) -> dict[str, Any]:
    """A customer table (some cells blank, as in real data) over a recent-activity log."""
    rng = c.rng
    value_columns = rng.sample(_CRM_VALUE_COLUMNS, rng.randint(3, 4))
    plain_columns = rng.sample(_CRM_PLAIN_COLUMNS, 2)
    width = len(value_columns)
    count = math.ceil(c.target / width)
    blanks = set(rng.sample(range(count * width), count * width - c.target))
    rows = []
    for r in range(count):
        values = ["" if r * width + i in blanks else t for i, (_, t) in enumerate(value_columns)]
        rows.append(["{name}", *values, *(t for _, t in plain_columns)])
    headings = ["Customer", *(h for h, _ in value_columns + plain_columns)]
    activity = _take(rng, _ACTIVITY, max(3, c.rows_fit(count * (c.pitch + 8) + 260)))
    return {
        "title": "Customers - Northwind CRM",
        "widths": {"left": 170},
        "regions": {
            "top": [
                c.label("Customers", "heading"),
                c.label("{n} records, synced {time}", "muted"),
                c.entry("plan:{plan} status:Active", classic=False, chars=28, right=True),
            ],
            "left": [c.listbox(_SECTIONS)],
            "main": [
                c.tree(headings, rows, striped=rng.random() < 0.5),
                c.label("Recent activity", "bold"),
                c.text(activity[: len(_ACTIVITY)]),
            ],
            "bottom": [
                c.label("Ready"),
                c.label("Build {hash}", "muted"),
                c.label("v{ver}", "muted"),
                c.label("Session {uuid}", "muted"),
            ],
        },
    }


_FORM_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "Personal details": (
        ("Full name", "{name}"), ("E-mail", "{EMAIL}"), ("Phone", "{PHONE}"),
        ("Postcode", "{UK_POSTCODE}"), ("NI number", "{UK_NINO}"), ("NHS number", "{NHS_NUMBER}"),
        ("SSN (US staff)", "{US_SSN}"), ("Start date", "{iso}"),
    ),
    "Payment": (
        ("Card number", "{CARD}"), ("Sort code", "{SORT_CODE}"),
        ("Account number", "{BANK_ACCOUNT}"), ("IBAN", "{IBAN}"),
        ("Billing e-mail", "{EMAIL:role}"), ("Amount", "{price}"),
    ),
    "Order": (
        ("Order number", "{order}"), ("Invoice", "{inv}"), ("Order date", "{date}"),
        ("Customer ID", "{uuid}"), ("Promo code", "SPRING24"),
    ),
    "Access": (
        ("Username", "{first}.admin"), ("Temporary password", "{PASSWORD}"),
        ("Recovery phone", "{PHONE:mobile}"), ("Office IP", "{IP_ADDRESS:v4}"),
    ),
}  # fmt: skip


def _form(c: _Content) -> dict[str, Any]:
    """Entry fields in captioned groups, two columns, a password hint under the access group."""
    rng = c.rng
    classic = rng.random() < 0.5
    valued = [(t, f) for t, fields in _FORM_GROUPS.items() for f in fields if _value_count(f[1])]
    dropped = set(rng.sample(valued, max(0, len(valued) - c.target)))
    columns: list[list[Node]] = [[], []]
    for i, (title, fields) in enumerate(_FORM_GROUPS.items()):
        kept = [f for f in fields if (title, f) not in dropped]
        group = [c.pairs(kept, classic=classic, chars=34)]
        if title == "Access":
            group.append(c.label(rng.choice(_POLICY[:2]), "muted"))
        columns[i % 2].append(_group(title, *group))
    return {
        "title": "New customer - Onboarding",
        "regions": {
            "top": [
                c.label("New customer application", "heading"),
                c.label("Reference {order}, draft saved {time}", "muted"),
            ],
            "main": [
                {"type": "columns", "children": columns},
                c.label(rng.choice(_POLICY), "muted"),
            ],
            "bottom": [
                {"type": "buttons", "texts": ["Save draft", "Submit", "Cancel"]},
                c.label("Form v{ver}", "muted"),
                c.label("Autosave on", "muted"),
            ],
        },
    }


_WIFI = "the wifi one is now {PASSWORD}"
"""A password with no caption at all, only its context: every chat has it."""
_CHAT_VALUED = (
    "my new mobile is {PHONE}", "send it to {EMAIL} please", "temp login for the kiosk: {PASSWORD}",
    "printer moved to {IP_ADDRESS:v4}", "staging key {SECRET:gh}, rotate it after the demo",
    "company card is {CARD}, exp 09/27", "sort code {SORT_CODE}, same account as before",
    "supplier IBAN changed to {IBAN}", "parcel goes to {UK_POSTCODE}",
    "her NI number is {UK_NINO} for the payroll form", "call me on {PHONE}",
    "account number {BANK_ACCOUNT} at the same branch", "ssh to {IP_ADDRESS} and restart it",
    "can you add {EMAIL:role} to the list?",
)  # fmt: skip
_CHAT_PLAIN = (
    "Passwords must be 12 characters now, IT changed the policy", "deployed {hash} to staging",
    "{order} shipped, tracking updates tomorrow", "lunch at 12:30?", "meeting moved to {time}",
    "v{ver} is out, notes in {path}", "the id in the ticket is {uuid}",
    "who owns invoice {inv} ({price})?", "reset your password from the portal, never in chat",
    "thanks!", "on it", "backup finished in {ms} ms", "{inc} is closed now",
)  # fmt: skip


def _chat(c: _Content) -> dict[str, Any]:
    """A channel's messages (time, author, body) in a Text, channels left, a profile right."""
    rng = c.rng
    people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(5)]
    profile = c.pairs([("E-mail", "{EMAIL}"), ("Phone", "{PHONE}")])
    room = c.rows_fit(170)
    valued = [_WIFI, *_take(rng, _CHAT_VALUED, min(c.target - c.values, room - 4) - 1)]
    messages = [c.line("--- {date} ---", "muted")]
    for body in _mixed(rng, valued, _CHAT_PLAIN, max(4, min(10, room - len(valued) - 1))):
        author = (f"{rng.choice(people)}: ", None, "name")
        messages.append(c.add((*c.segs("[{time}] ", "muted"), author, *c.segs(body))))
    channels = ["# general", "# it-helpdesk", "# finance", "# random", "# releases"]
    return {
        "title": "#it-helpdesk - TeamChat",
        "widths": {"left": 200, "right": 300},
        "regions": {
            "top": [
                c.label("# it-helpdesk", "heading"),
                c.label("Topic: laptop swaps this week, tickets in the portal", "muted"),
            ],
            "left": [
                c.label("Channels", "bold"),
                c.listbox(channels + [f"@ {p}" for p in people[:3]]),
            ],
            "right": [
                c.label(people[0], "bold"),
                c.label("IT support, {time} local", "muted"),
                profile,
            ],
            "main": [c.text(messages), c.entry("I'll check {order} after lunch", classic=True)],
        },
    }


_LOG_VALUED = (
    "{iso} {time}:02 INFO  auth: login ok user={EMAIL} ip={IP_ADDRESS}",
    "{iso} {time}:07 WARN  auth: 3 failed logins from {IP_ADDRESS}",
    "{iso} {time}:11 DEBUG smtp: connect user={EMAIL:role} password={PASSWORD:env}",
    "{iso} {time}:15 ERROR billing: card {CARD} declined (code 51)",
    "{iso} {time}:19 DEBUG config: STRIPE_KEY={SECRET:stripe}",
    "{iso} {time}:23 INFO  payouts: IBAN {IBAN} verified",
    "{iso} {time}:31 DEBUG aws: access key {SECRET:aws_id} loaded from env",
    "{iso} {time}:37 INFO  sms: sent code to {PHONE}",
    "{iso} {time}:41 INFO  payroll: NI {UK_NINO} matched",
)
_LOG_PLAIN = (
    "{iso} {time}:01 INFO  server: build {hash} version {ver} started in {ms} ms",
    "{iso} {time}:05 DEBUG http: GET /api/v2/orders/{order} 200 {ms}ms",
    "{iso} {time}:09 INFO  request {uuid} done",
    "{iso} {time}:13 WARN  auth: passwords must be 12 characters (policy v2)",
    "{iso} {time}:17 INFO  backup: wrote {path}",
    "{iso} {time}:21 INFO  cache: hit ratio {pct}",
    "{iso} {time}:29 DEBUG git: HEAD at {sha}",
    "{iso} {time}:33 INFO  invoices: {inv} total {price}",
    "{iso} {time}:35 INFO  scheduler: job nightly-export finished, {n} rows",
    "{iso} {time}:39 WARN  disk: /var at {pct} used",
    "{iso} {time}:43 INFO  http: POST /api/v2/tickets 201 ({inc})",
    "{iso} {time}:47 DEBUG tls: certificate for api.example.com valid until {iso}",
    "{iso} {time}:51 INFO  deploy: release {ver} ({hash}) is live",
    "{iso} {time}:55 INFO  auth: password policy loaded, min length 12",
)
_LOG_FILES = (
    "syslog", "auth.log", "server.log", "billing.log", "nginx/access.log", "nginx/error.log",
    "payroll-import.log", "kern.log", "dpkg.log",
)  # fmt: skip
MIN_PLAIN_LOG_LINES = 10
"""A log is mostly routine lines; a frame full of values would read like no real log."""


def _log(c: _Content) -> dict[str, Any]:
    """A log file in a monospaced Text: valued lines up to the target, plain ones around them."""
    rng = c.rng
    room = c.rows_fit(130)
    valued: list[str] = []
    for template in _take(rng, _LOG_VALUED, 2 * len(_LOG_VALUED)):
        if sum(map(_value_count, [*valued, template])) <= c.target:
            valued.append(template)
    valued = valued[: max(1, room - MIN_PLAIN_LOG_LINES)]
    # Lines are sorted by their timestamps once filled, as a log file is.
    plain = max(MIN_PLAIN_LOG_LINES, room - len(valued))
    lines = [c.line(t) for t in _mixed(rng, valued, _LOG_PLAIN, plain)]
    lines.sort(key=lambda node: "".join(seg[0] for seg in node["line"]))
    return {
        "title": "server.log - Log viewer",
        "text_font": MONO,
        "widths": {"left": 190},
        "regions": {
            "top": [
                c.label("{path}", "bold"),
                c.label("tail -f: on", "muted"),
                c.entry("level:INFO", classic=False, chars=20, right=True),
            ],
            "left": [c.label("/var/log", "bold"), c.listbox(_LOG_FILES)],
            "main": [c.text(lines)],
            "bottom": [c.label("Lines 1-{n}", "muted"), c.label("UTF-8"), c.label("LF")],
        },
    }


_DETAIL_ROWS = (
    ("Sort code:", "{SORT_CODE}"), ("Account:", "{BANK_ACCOUNT}"), ("IBAN:", "{IBAN}"),
    ("Card:", "{CARD}"), ("NI number:", "{UK_NINO}"), ("NHS number:", "{NHS_NUMBER}"),
    ("SSN:", "{US_SSN}"), ("E-mail:", "{EMAIL}"), ("Phone:", "{PHONE}"),
    ("Postcode:", "{UK_POSTCODE}"), ("Last login IP:", "{IP_ADDRESS}"),
)  # fmt: skip
_DETAIL_PLAIN = (
    ("Customer since:", "{date}"), ("Customer ID:", "{uuid}"), ("Last order:", "{order}"),
    ("Balance:", "{price}"), ("Plan:", "{plan}"), ("Status:", "{state}"),
)  # fmt: skip
_NOTES_VALUED = (
    "Called back on {PHONE}, wants statements by post.", "New e-mail on file: {EMAIL}.",
    "Moved house, new postcode {UK_POSTCODE}.", "Refund to sort code {SORT_CODE} approved.",
)  # fmt: skip
_NOTES_PLAIN = (
    "Refund of {price} for {order} approved by {first}.", "Asked about invoice {inv}, resent it.",
    "Upgraded to the {plan} plan on {date}.", "Ticket {inc} closed, customer happy.",
    "Reminded them that passwords must be 12 characters.", "Attachment saved to {path}.",
)  # fmt: skip


def _record(c: _Content) -> dict[str, Any]:
    """One customer's details as caption and value labels, with free-text notes below."""
    rng = c.rng
    noted = rng.randint(1, 3)
    rows = rng.sample(_DETAIL_ROWS, min(len(_DETAIL_ROWS), c.target - noted))
    rows += rng.sample(_DETAIL_PLAIN, 4)
    rng.shuffle(rows)
    panel = c.pairs(rows, columns=2)
    notes = _mixed(rng, rng.sample(_NOTES_VALUED, noted), _NOTES_PLAIN, 5)
    names = sorted(f"{rng.choice(_LAST)}, {rng.choice(_FIRST)}" for _ in range(14))
    return {
        "title": "Customer record - Northwind CRM",
        "widths": {"left": 220},
        "regions": {
            "top": [c.label("{name}", "heading"), c.label("{cus}, {plan} plan", "muted")],
            "left": [c.label("Customers", "bold"), c.listbox(names)],
            "main": [
                _group("Details", panel),
                c.label("Notes", "bold"),
                c.text(notes, expand=False),
            ],
            "bottom": [c.label("Opened {time}"), c.label("Record {uuid}", "muted")],
        },
    }


_HOST_DETAILS = (
    ("Hostname:", "{host}.corp.example.org"), ("IP address:", "{IP_ADDRESS}"),
    ("Owner:", "{EMAIL}"), ("OS:", "Debian 12.{ms}"), ("Asset tag:", "{uuid}"),
    ("Last patch:", "{iso}"), ("Admin password:", "{PASSWORD}"),
)  # fmt: skip


_SERVICES = (
    ("22/tcp", "ssh", "OpenSSH 9.2p1"), ("80/tcp", "http", "nginx 1.24.0"),
    ("443/tcp", "https", "nginx 1.24.0"), ("5432/tcp", "postgresql", "PostgreSQL 15.6"),
    ("6379/tcp", "redis", "Redis 7.2.4"), ("25/tcp", "smtp", "Postfix 3.7.10"),
    ("9100/tcp", "metrics", "node_exporter 1.7.0"), ("8080/tcp", "http-alt", "Jetty 12.0.7"),
)  # fmt: skip


MAX_HOST_ADDRESSES = 8
"""Addresses listed per inventory, so IP_ADDRESS does not crowd out the other types."""


def _hosts(c: _Content) -> dict[str, Any]:
    """Hosts with their addresses, a mailing list, open services, one host's details."""
    rng = c.rng
    members = rng.randint(3, 5)
    details = _value_count("".join(t for _, t in _HOST_DETAILS))
    hosts = max(3, min(MAX_HOST_ADDRESSES, c.target - members - details))
    names = [_FILLERS["host"](rng) + ".corp" for _ in range(hosts + 4)]
    host_lines = [f"{n:<15}{{IP_ADDRESS{':v4' if i % 4 else ''}}}" for i, n in enumerate(names)]
    host_lines = host_lines[:hosts] + [f"{n:<15}(decommissioned)" for n in names[hosts:]]
    rng.shuffle(host_lines)
    people = ["{name} <{EMAIL}>"] * members + ["{name} (on leave)"] * 2
    services = [[port, name, version, "{iso}"] for port, name, version in rng.sample(_SERVICES, 6)]
    return {
        "title": "Inventory - Network hosts",
        "text_font": MONO,
        "widths": {"left": 380, "right": 420},
        "regions": {
            "top": [
                c.label("Network hosts", "heading"),
                c.label("{n} hosts, scan {time}", "muted"),
            ],
            "left": [c.label("Hosts", "bold"), c.listbox(host_lines, mono=True)],
            "right": [c.label("Selected host", "bold"), c.pairs(_HOST_DETAILS)],
            "main": [
                c.label("Mailing list: it-ops", "bold"),
                c.listbox(people),
                c.label("Open services", "bold"),
                c.tree(["Port", "Service", "Version", "Last seen"], services, striped=True),
                c.label("Change log", "bold"),
                c.text(_take(rng, _ACTIVITY, 5), expand=False),
            ],
            "bottom": [c.label("Scanner v{ver}"), c.label("Last full scan {date}", "muted")],
        },
    }


_SETTINGS_KEYS = (
    ("Stripe secret key", "{SECRET:stripe}"), ("GitHub token", "{SECRET:gh}"),
    ("AWS access key ID", "{SECRET:aws_id}"), ("Slack bot token", "{SECRET:slack}"),
    ("Webhook signing secret", "{SECRET:generic}"), ("Maps API key", "{SECRET:google}"),
)  # fmt: skip
_SETTINGS_MORE = (
    ("Alert e-mail", "{EMAIL:role}"), ("On-call phone", "{PHONE}"), ("Billing card", "{CARD}"),
    ("Payout IBAN", "{IBAN}"), ("Admin e-mail", "{EMAIL}"), ("Syslog server", "{IP_ADDRESS}"),
)  # fmt: skip
_SMTP = (
    ("Server", "smtp.example.com"), ("Port", "587"), ("Username", "{EMAIL:role}"),
    ("Password", "{PASSWORD}"),
)  # fmt: skip
_PROXY = (("Proxy host", "{IP_ADDRESS:v4}"), ("Port", "3128"), ("Bypass", "localhost, *.corp"))


def _settings(c: _Content) -> dict[str, Any]:
    """A settings notebook: API keys and an SMTP password in plain entries, build details."""
    rng = c.rng
    keys = rng.sample(_SETTINGS_KEYS, rng.randint(3, 5))
    more = rng.sample(_SETTINGS_MORE, max(1, min(6, c.target - len(keys) - 3)))
    classic = rng.random() < 0.3
    checks = {"type": "checks", "items": [["Verify TLS certificates", True], ["Telemetry", False]]}
    left = [
        _group(
            "API keys",
            c.pairs(keys, classic=classic, chars=44),
            c.label("Keys are rotated every 90 days.", "muted"),
        ),
        _group("Notifications", c.pairs(more, classic=classic, chars=30)),
    ]
    right = [
        _group("SMTP", c.pairs(_SMTP, classic=classic, chars=28), c.label(_POLICY[0], "muted")),
        _group("Proxy", c.pairs(_PROXY, classic=classic, chars=20), checks),
    ]
    about = [
        c.label("Install ID: {uuid}", "muted"),
        c.label("Build {hash} (v{ver})", "muted"),
        c.label("Config file: {path}", "muted"),
        c.label("Last synced {iso} {time}", "muted"),
    ]
    tabs = ["Integrations", "General", "Security", "Advanced"]
    page = [{"type": "columns", "children": [left, right]}, *about]
    return {
        "title": "Settings - Integrations",
        "regions": {
            "top": [c.label("Settings", "heading")],
            "main": [{"type": "notebook", "tabs": tabs, "children": page}],
            "bottom": [{"type": "buttons", "texts": ["Apply", "OK", "Cancel"], "right": True}],
        },
    }


_KIND_BUILDERS: dict[str, Callable[[_Content], dict[str, Any]]] = {
    "crm": _crm, "form": _form, "chat": _chat, "log": _log, "hosts": _hosts, "record": _record,
    "settings": _settings,
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Drawing in the child, capturing, labelling
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    kind: str
    theme: str
    family: str | None
    point: int

    @property
    def family_name(self) -> str:
        return (self.family or "TkDefault").replace(" ", "")


def _spec(index: int, seed: int, display: Display) -> tuple[_Look, _Content, dict[str, Any]]:
    """Frame ``index``: kinds in turn, light and dark alternating, the rest from ``seed``."""
    rng = random.Random(seed)
    kind, theme = KINDS[index % len(KINDS)], THEMES[index % len(THEMES)]
    family, point = rng.choice(FAMILIES), rng.choice(POINT_SIZES)
    point = point if family else TK_DEFAULT_POINT
    content = _Content(rng, display.size, point)
    spec = _KIND_BUILDERS[kind](content)
    mono = spec.pop("text_font", None)
    spec["font"] = None if family is None else {"family": family, "size": point}
    if mono and family is not None:
        spec["text_font"] = {"family": mono, "size": point}
    spec["ttk_theme"] = rng.choice(LIGHT_TTK) if theme == "light" else "clam"
    spec["palette"] = rng.choice(DARK_PALETTES) if theme == "dark" else None
    return _Look(kind, theme, family, point), content, spec


def _read_line(child: subprocess.Popen[str], deadline: float, what: str) -> str:
    assert child.stdout is not None
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([child.stdout], [], [], max(0.0, remaining))
        if ready:
            line = child.stdout.readline()
            if line:
                return line
            break
        if remaining <= 0:
            raise WidgetCorpusError(
                f"{what}: the Tk child did not answer within {DRAW_TIMEOUT_S} s"
            )
    child.wait(timeout=5)
    error = child.stderr.read() if child.stderr else ""
    raise WidgetCorpusError(f"{what}: the Tk child exited ({child.returncode}): {error.strip()}")


def _capture(grabber: Any) -> Image.Image:
    shot = grabber.grab(grabber.monitors[1])
    return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def _settled(grabber: Any, deadline: float, what: str) -> Image.Image:
    """A capture equal to the one just before it: Tk has finished drawing."""
    before = _capture(grabber)
    while time.monotonic() < deadline:
        time.sleep(POLL_S)
        now = _capture(grabber)
        if now.tobytes() == before.tobytes():
            return now
        before = now
    raise WidgetCorpusError(f"{what}: the screen kept changing for {DRAW_TIMEOUT_S} s")


def _draw(spec: dict[str, Any], display: Display, what: str) -> tuple[Image.Image, dict[str, Any]]:
    """Run the child on ``spec``; the settled screen and the boxes it reported for it.

    Boxes are asked for again once the screen is still, and the screen captured
    once more after the answer, so boxes and pixels describe the same moment.
    """
    child = subprocess.Popen(
        [sys.executable, str(APP)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=display.env, text=True,
    )  # fmt: skip
    assert child.stdin is not None
    deadline = time.monotonic() + DRAW_TIMEOUT_S
    try:
        child.stdin.write(json.dumps(spec) + "\n")
        child.stdin.flush()
        report = json.loads(_read_line(child, deadline, what))
        with mss.MSS(display=display.name) as grabber:
            while True:
                image = _settled(grabber, deadline, what)
                child.stdin.write("\n")
                child.stdin.flush()
                again = json.loads(_read_line(child, deadline, what))
                if again == report and _capture(grabber).tobytes() == image.tobytes():
                    return image, report
                report = again
    finally:
        _stop(child)


def _stop(child: subprocess.Popen[str]) -> None:
    """End of input asks the child to quit; terminate it if it does not."""
    try:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout=3)
    except (BrokenPipeError, subprocess.TimeoutExpired):
        child.terminate()
        try:
            child.wait(timeout=3)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    for stream in (child.stdout, child.stderr):
        if stream is not None:
            stream.close()


def _union(boxes: Sequence[Sequence[int]]) -> tuple[int, int, int, int]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))  # fmt: skip


@dataclass
class _Labels:
    values: list[ScreenValue] = field(default_factory=list)
    ordinary: list[InkRegion] = field(default_factory=list)
    hidden: int = 0
    """Values the child could not show whole (cut off by their widget), left unlabelled."""


def _exact(box: Sequence[int], before: str, after: str) -> tuple[int, int, int, int]:
    """The reported box, narrowed so that label()'s overhang lands back on it where it must.

    A line box holds its glyphs top to bottom, and the widening would take in the
    descenders of the line above; sideways it may only widen into a space, not
    into a glyph the segment touches (``user=`` before an address).
    """
    x0, y0, x1, y1 = box
    return (
        x0 + OVERHANG if before[-1:].strip() else x0, y0 + OVERHANG,
        x1 - OVERHANG if after[:1].strip() else x1, y1 - OVERHANG,
    )  # fmt: skip


def _labels(image: Image.Image, content: _Content, boxes: dict[str, Any]) -> _Labels:
    """Values at their own boxes; lines without a value labelled whole, if wholly shown."""
    out = _Labels()
    for key, segs in content.lines.items():
        if not segs:
            continue
        reported = boxes.get(key) or [None] * len(segs)
        texts = [text for text, _, _ in segs]
        if any(type_ for _, type_, _ in segs):
            for i, ((text, type_, _), box) in enumerate(zip(segs, reported, strict=True)):
                if type_ is None:
                    continue
                if box is None:
                    out.hidden += 1
                    continue
                exact = _exact(box, "".join(texts[:i]), "".join(texts[i + 1 :]))
                value = label(image, text, exact, type_)
                assert isinstance(value, ScreenValue)
                out.values.append(value)
            continue
        text = "".join(texts)
        shown = [box for t, box in zip(texts, reported, strict=True) if t.strip()]
        if text.strip() and shown and all(shown):
            out.ordinary.append(label(image, text.strip(), _exact(_union(shown), "", "")))
    return out


def _frame(index: int, seed: int, display: Display) -> tuple[Screen, _Labels]:
    look, content, spec = _spec(index, seed, display)
    name = f"k{index}-{look.kind}-{look.theme}-{look.family_name}"
    image, report = _draw(spec, display, name)
    font = report["font"]
    name = f"{name}-{look.point if look.family else int(font['size'])}"
    if look.family is not None and font["family"] != look.family:
        raise WidgetCorpusError(
            f"{name}: font {look.family!r} is not installed (Tk fell back to {font['family']!r}); "
            "install fonts-dejavu-core and fonts-liberation"
        )
    labels = _labels(image, content, report["boxes"])
    if not MIN_VALUES <= len(labels.values) <= MAX_VALUES:
        raise WidgetCorpusError(
            f"{name}: {len(labels.values)} values on screen ({labels.hidden} cut off), "
            f"want {MIN_VALUES}-{MAX_VALUES}; is the display ({display.size}) too small?"
        )
    screen = Screen(
        image, name, look.theme, font["family"], int(font["linespace"]),
        tuple(labels.values), tuple(labels.ordinary), source="tk",
    )  # fmt: skip
    return screen, labels


def _frames(count: int, seed: int, display: Display) -> Iterator[tuple[Screen, _Labels]]:
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    master = random.Random(seed)
    for index in range(count):
        yield _frame(index, master.getrandbits(48), display)


def generate(count: int, seed: int, display: Display) -> list[Screen]:
    """``count`` labelled Tk screens on ``display``, the same for the same seed and display.

    Frame ``i`` depends only on ``seed`` and ``i``, never on ``count``. Each frame
    starts and ends its own Tk process, so nothing carries over between frames.
    """
    return [screen for screen, _ in _frames(count, seed, display)]


# --------------------------------------------------------------------------------------
# python -m benchmarks.corpora.real.widgets --out DIR
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    from tests.desktop import x_display

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=14)
    parser.add_argument("--out", type=Path, help="directory for PNGs and JSON sidecars")
    parser.add_argument("--debug", action="store_true", help="also write copies with boxes drawn")
    parser.add_argument("--size", default="1280x800", help="display size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    types: Counter[str] = Counter()
    timings: list[float] = []
    with x_display(width, height) as display:
        frames = _frames(args.count, args.seed, display)
        while True:
            started = time.perf_counter()
            try:
                screen, labels = next(frames)
            except StopIteration:
                break
            timings.append(time.perf_counter() - started)
            types.update(v.type for v in screen.values)
            print(f"{screen.name:<44} {len(screen.values):>3} values {len(screen.ordinary):>4} "
                  f"ordinary {labels.hidden:>2} cut off  {timings[-1]:.2f}s")  # fmt: skip
            if args.out is not None:
                screen.image.save(args.out / f"{screen.name}.png")
                labels = json.dumps(sidecar(screen), indent=1, ensure_ascii=False)
                (args.out / f"{screen.name}.json").write_text(labels, encoding="utf-8")
                if args.debug:
                    with_boxes(screen).save(args.out / f"{screen.name}.debug.png")
    n = max(1, len(timings))
    print(f"\n{len(timings)} frames, {sum(timings) / n:.2f}s per frame")
    print("types:", dict(types.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
