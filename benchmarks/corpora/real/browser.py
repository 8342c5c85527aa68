"""Work-app pages rendered by headless Chromium, with every value labelled to the pixel.

The synthetic corpus paints its own glyphs, so it cannot show how a real browser
hints, kerns, anti-aliases and lays out text at 1x and 2x. Here the pages (web
mail, HR record, CRM table, filled form, API settings, chat, code view, log
viewer) are HTML written below and drawn by Debian's Chromium; each sensitive
value sits in ``<span data-v="TYPE">`` and each ordinary line in
``<span data-o>``, and the browser reports where it put them (a DOM range's
client rects, or an input's content box). :func:`labels.label` then finds the
ink inside each reported box.

Labelled text never wraps (``white-space: nowrap``); list items that do not fit
on the one screen are removed and labels clipped by a scrolling box are hidden
before the screenshot, so every visible value carries a label. All values come
from :func:`screen_corpus.make_value` and are fictional.

Run ``python -m benchmarks.corpora.real.browser --out DIR`` to write PNGs with
JSON sidecars (and ``--boxes`` for copies with the label boxes drawn).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import random
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PIL import Image

from benchmarks.corpora.real.inspect import sidecar, with_boxes
from benchmarks.corpora.real.labels import LabelError, label
from benchmarks.corpora.screen_corpus import (
    VALUE_TYPES,
    InkRegion,
    Screen,
    ScreenValue,
    make_value,
)
from benchmarks.corpora.text_corpus import _FIRST, _LAST

__all__ = ["KINDS", "BrowserMissing", "generate", "main"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
KINDS: tuple[str, ...] = ("mail", "hr", "crm", "form", "settings", "chat", "code", "logs")
THEMES: tuple[str, ...] = ("light", "dark")
VIEWPORTS: tuple[tuple[int, int], ...] = ((1280, 800), (1366, 768), (1440, 900))
"""CSS pixels; the screenshot is the viewport times the device scale."""
FONTS: tuple[str, ...] = (
    "DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif",
    "DejaVu Sans Mono", "Liberation Mono",
)  # fmt: skip
MONO_FONTS: tuple[str, ...] = ("DejaVu Sans Mono", "Liberation Mono")
FONT_PX = (11, 16)
"""CSS font sizes of body text, inclusive."""
MIN_VALUES, MAX_VALUES = 10, 25
"""Sensitive values per frame, as on the busy screens the held-out set holds."""
HR_THREE_COLUMNS_EM = 100
"""Viewport width (em) from which HR cards go three abreast: an IBAN row needs ~32 em."""
MIN_ORDINARY = 10
"""Ordinary lines per frame: without enough of them over-redaction is not measured."""
MAX_ATTEMPTS = 4
"""Re-draws of a frame (fresh sub-seed) while its labelled counts fall outside the bounds."""
LINE_HEIGHT = 1.45
"""Body line height in em; the gap keeps one line's ink out of the next line's box."""
PAGE_TIMEOUT_S = 20
"""Longest wait for a page to load and report its labels; they are local files."""


class BrowserMissing(RuntimeError):
    """Chromium, its driver or selenium is not installed, so no page can be rendered."""


class BrowserCorpusError(RuntimeError):
    """A page broke its own labelling rules (a value inside an ordinary line, a wrap)."""


# --------------------------------------------------------------------------------------
# Ordinary text: things naive redactors mask although nothing in them is sensitive
# --------------------------------------------------------------------------------------

_COMPANIES = ("Northwind Traders", "Contoso Ltd", "Fabrikam Inc.", "Tailspin Toys", "Litware",
              "Adatum Corporation", "Proseware", "Wingtip Toys", "Fourth Coffee")  # fmt: skip
_JOBS = ("Senior Accountant", "Head of Platform", "Office Manager", "Data Analyst",
         "Site Reliability Engineer", "HR Business Partner", "Account Executive",
         "Payroll Specialist", "Product Designer")  # fmt: skip
_STREETS = ("Elm Road", "Station Street", "Mill Lane", "Church Avenue", "Victoria Close",
            "Albert Crescent", "Park Way", "Highfield Gardens", "Orchard Road")  # fmt: skip
_TOWNS = {"LS": "Leeds", "BS": "Bristol", "M": "Manchester", "EH": "Edinburgh", "CF": "Cardiff",
          "SW": "London", "NE": "Newcastle", "OX": "Oxford", "CB": "Cambridge", "YO": "York",
          "B": "Birmingham", "G": "Glasgow", "BN": "Brighton", "NG": "Nottingham",
          "RG": "Reading", "L": "Liverpool"}  # fmt: skip
_PRODUCTS = ("USB-C dock", "27in monitor", "Laptop stand", "Office chair", "Desk lamp",
             "Webcam HD", "Headset Pro", "Keyboard (UK)", "Toner cartridge")  # fmt: skip
_DEPTS = ("Finance", "Platform", "People", "Sales", "Support", "Legal", "Operations")
_PATHS = ("/var/log/nginx/access.log", "~/projects/billing/src/main.py", "/etc/app/config.yaml",
          "C:\\Reports\\Q3\\summary.xlsx", "/srv/backups/db-{iso}.sql.gz",
          "docs/runbooks/rotate-keys.md", "/opt/agent/bin/agentd")  # fmt: skip
_STATES = ("Active", "Pending", "Paid", "Overdue", "Dispatched", "Closed", "Trial")


def _day(rng: random.Random) -> dt.date:
    return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))


_WORDS: dict[str, Callable[[random.Random], str]] = {
    "name": lambda r: f"{r.choice(_FIRST)} {r.choice(_LAST)}",
    "first": lambda r: r.choice(_FIRST),
    "company": lambda r: r.choice(_COMPANIES),
    "job": lambda r: r.choice(_JOBS),
    "dept": lambda r: r.choice(_DEPTS),
    "street": lambda r: f"{r.randint(1, 240)} {r.choice(_STREETS)}",
    "hex7": lambda r: f"{r.getrandbits(28):07x}",
    "sha": lambda r: f"{r.getrandbits(160):040x}",
    "uuid": lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    "order": lambda r: f"ORD-{r.randint(2023, 2025)}-{r.randint(100000, 999999)}",
    "inv": lambda r: f"INV-{r.randint(2023, 2025)}-{r.randint(1, 9999):04d}",
    "ver": lambda r: f"v{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
    "date": lambda r: f"{(d := _day(r)).day} {d:%b %Y}",
    "iso": lambda r: _day(r).isoformat(),
    "dob": lambda r: f"{(d := _day(r) - dt.timedelta(days=r.randint(20, 60) * 365)).day} {d:%b %Y}",
    "time": lambda r: f"{r.randint(7, 22):02d}:{r.randint(0, 59):02d}",
    "price": lambda r: f"£{r.choice((r.uniform(4, 99), r.uniform(100, 4999))):,.2f}",
    "pct": lambda r: f"{r.uniform(80, 99.99):.2f}%",
    "ticket": lambda r: f"{r.choice(('INC', 'OPS', 'HR', 'SEC'))}-{r.randint(1000, 99999)}",
    "path": lambda r: _fill_words(r.choice(_PATHS), r),
    "product": lambda r: r.choice(_PRODUCTS),
    "state": lambda r: r.choice(_STATES),
    "n": lambda r: str(r.randint(2, 480)),
    "ms": lambda r: f"{r.randint(3, 1800)} ms",
    "size": lambda r: f"{r.uniform(0.1, 48):.1f} MB",
    "ago": lambda r: r.choice(("2 min ago", "1 hour ago", "yesterday", "3 days ago", "just now")),
    "last4": lambda r: f"{r.randint(0, 9999):04d}",
    "count": lambda r: f"{r.randint(1000, 480000):,}",
}
_SLOT = re.compile(r"(?<!\$)\{(\w+)(?::(\w+))?\}")
"""``{name}`` fills an ordinary word, ``{TYPE}``/``{TYPE:variant}`` a value; ``${KEY}`` is text."""


def _fill_words(template: str, rng: random.Random) -> str:
    """A template with only ordinary slots, filled."""
    return _SLOT.sub(lambda m: _WORDS[m.group(1)](rng), template)


def _has_value(template: str) -> bool:
    return any(m.group(1) in VALUE_TYPES for m in _SLOT.finditer(template))


# --------------------------------------------------------------------------------------
# Page builder: ordinary lines, value spans and a budget for optional values
# --------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Page:
    """HTML pieces with labels, and the frame's value budget.

    ``budget`` is the number of values the frame aims at. Every value spends it;
    optional slots (table cells, chat lines) share what is left through
    ``take``, so a page full of table rows still lands between MIN_VALUES and
    MAX_VALUES.
    """

    def __init__(self, rng: random.Random, px: int, viewport: tuple[int, int], budget: int):
        self.rng, self.px, self.viewport, self.budget = rng, px, viewport, budget

    def v(self, type_: str, variant: str = "", value: str | None = None) -> str:
        """A value span; every value, optional or not, spends the budget."""
        text = make_value(type_, self.rng, variant) if value is None else value
        self.budget -= 1
        return f'<span data-v="{type_}">{_e(text)}</span>'

    def o(self, template: str, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        return f"<span data-o{klass}>{_e(_fill_words(template, self.rng))}</span>"

    def mixed(self, template: str) -> str:
        """A line whose ``{TYPE}``/``{TYPE:variant}`` slots are values; without any, ordinary."""
        if not _has_value(template):
            return self.o(template)
        out, at = [], 0
        for m in _SLOT.finditer(template):
            out.append(_e(_fill_words(template[at : m.start()], self.rng)))
            name, variant = m.group(1), m.group(2) or ""
            out.append(self.v(name, variant) if name in VALUE_TYPES else _e(_WORDS[name](self.rng)))
            at = m.end()
        out.append(_e(_fill_words(template[at:], self.rng)))
        return "".join(out)

    def take(self, slots_left: int) -> bool:
        """Selection sampling: True for the remaining budget's share of ``slots_left`` offers.

        The caller spends the budget by making the value (``v``) when this says yes.
        """
        return self.budget > 0 and self.rng.random() * max(1, slots_left) < self.budget

    def rows(self, used_em: float, row_em: float, low: int = 3) -> int:
        """How many rows of ``row_em`` fit below ``used_em`` of the viewport's height."""
        return max(low, int((self.viewport[1] / self.px - used_em) / row_em))

    def word(self, name: str) -> str:
        return _WORDS[name](self.rng)


def _cells(cells: Sequence[str], tag: str = "td", fit: bool = True) -> str:
    row = "".join(f"<{tag}>{c}</{tag}>" for c in cells)
    return f"<tr{' data-fit' if fit else ''}>{row}</tr>"


_TONES = {"Active": "ok", "Paid": "ok", "Pending": "warn", "Trial": "info", "Overdue": "bad",
          "ERROR": "bad", "WARN": "warn", "INFO": "info", "Revoked": "bad"}  # fmt: skip


def _badge(p: _Page, text: str) -> str:
    return f'<span class="badge {_TONES.get(text, "info")}">{p.o(text)}</span>'


def _bar(p: _Page, app: str, *links: str) -> str:
    items = "".join(f"<span class='link'>{p.o(link)}</span>" for link in links)
    return (
        f"<header class='bar'><b>{p.o(app)}</b>{items}<span class='grow'></span>"
        f"<span>{p.o('{name}')}</span></header>"
    )


def _nav(p: _Page, items: Sequence[str], active: int = 0) -> str:
    rows = "".join(
        f"<div class='item{' on' if k == active else ''}' data-fit>{p.o(item)}</div>"
        for k, item in enumerate(items)
    )
    return f"<nav class='side'>{rows}</nav>"


# --------------------------------------------------------------------------------------
# Page kinds
# --------------------------------------------------------------------------------------

_SUBJECTS = (
    "Re: Q3 planning", "Invoice {inv} for March", "Your order {order} has shipped",
    "Team offsite - agenda", "Updated rota for April", "Password reset request",
    "Weekly report: {pct} uptime", "Security alert: new sign-in", "Build #{n} passed",
    "Contract renewal {ver}", "[JIRA] {ticket} assigned to you", "Minutes: board meeting",
    "Expenses for {date}", "New starter checklist", "Re: access request",
)  # fmt: skip
_MAIL_LINES = (
    "Thanks for sending this over so quickly.",
    "I've attached the slides from the review; comments welcome before {date}.",
    "The new pricing takes effect on {date} and applies to all plans.",
    "Reset your password from the account page. The link expires in 24 hours.",
    "Build {hex7} is on staging now, release {ver} goes out on {date}.",
    "Invoice {inv} for {price} is attached; payment is due within 30 days.",
    "Your order {order} was dispatched at {time} and should arrive tomorrow.",
    "Ticket {ticket} is closed; reopen it if the problem comes back.",
    "Uptime last month was {pct}, above the target in the contract.",
    "The report is saved under {path}.",
    "Could you call me on {PHONE} when you are free?",
    "Please send the signed copy to {EMAIL} by Friday.",
    "The temporary password for the portal is {PASSWORD}; change it after logging in.",
    "Card on file for the renewal: {CARD}.",
    "Her new NI number is {UK_NINO}, please update payroll.",
    "The VPN gateway moved to {IP_ADDRESS} this morning.",
    "Refunds go to {IBAN} from now on.",
)  # fmt: skip


def _mail(p: _Page) -> str:
    """The open message is built first, so the inbox list gets what is left of the budget."""
    body = [p.mixed(t) for t in p.rng.sample(_MAIL_LINES, p.rng.randint(5, 8))]
    postcode = make_value("UK_POSTCODE", p.rng)
    town = _TOWNS.get(re.sub(r"\d.*", "", postcode), "Leeds")
    signature = [
        "--", p.o("{name}"), p.o("{job} | {company}"), f"T: {p.v('PHONE', 'london')}",
        f"M: {p.v('PHONE', 'mobile')}",
        f"{_e(p.word('street'))}, {town} {p.v('UK_POSTCODE', value=postcode)}",
        p.o("This e-mail and any attachments are confidential."),
    ]  # fmt: skip
    header = (
        f"<div class='line'>{p.mixed('From: {name} <{EMAIL}>')}</div>"
        f"<div class='line'>{p.mixed('To: {EMAIL}, {EMAIL}')}</div>"
        + (f"<div class='line'>{p.mixed('Cc: {EMAIL:role}')}</div>" if p.take(2) else "")
        + f"<div class='line muted'>{p.o('{date}, {time}')}</div>"
    )
    quoted = [p.o("On {date} at {time}, {name} wrote:", "muted")] + [
        p.o("> " + t, "muted")
        for t in p.rng.sample([t for t in _MAIL_LINES if not _has_value(t)], 8)
    ]
    lines = "".join(
        f"<div class='line' data-fit>{x}</div>" for x in [*body, *signature, "", *quoted]
    )
    message = (
        f"<main class='pad'><h2>{p.o(p.rng.choice(_SUBJECTS))}</h2>{header}"
        f"<div class='buttons'><button>{p.o('Reply')}</button><button>{p.o('Forward')}</button>"
        f"<span class='chip'>{p.o('report-{iso}.pdf  {size}')}</span></div>"
        f"<div class='body'>{lines}</div></main>"
    )
    rows, count = [], p.rows(4, 3.9)
    for k in range(count):
        sender = p.v("EMAIL") if p.take(count - k) else p.o("{name}")
        rows.append(
            f"<div class='msg{' sel' if k == 1 else ''}' data-fit><div class='spread'>{sender}"
            f"{p.o('{time}' if k < 4 else '{date}', 'muted')}</div>"
            f"<div>{p.o(p.rng.choice(_SUBJECTS))}</div></div>"
        )
    folders = ("Inbox  {n}", "Starred", "Sent", "Drafts  3", "Archive", "Spam", "Finance",
               "Projects", "Receipts", "Travel")  # fmt: skip
    return (
        _bar(p, "Mail", "Calendar", "Contacts", "Tasks")
        + "<div class='cols' style='grid-template-columns: 11em 32% 1fr'>"
        + _nav(p, folders)
        + f"<section class='list'>{''.join(rows)}</section>{message}</div>"
    )


def _kv_card(p: _Page, title: str, pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(_cells((p.o(k), v), fit=True) for k, v in pairs)
    return f"<div class='card'><h3>{p.o(title)}</h3><table class='kv'>{rows}</table></div>"


def _hr(p: _Page) -> str:
    name = p.word("name")
    personal = [
        ("Full name", p.o(name)), ("Date of birth", p.o("{dob}")),
        ("NI number", p.v("UK_NINO")), ("NHS number", p.v("NHS_NUMBER")),
        ("Personal email", p.v("EMAIL")), ("Mobile", p.v("PHONE", "mobile")),
        ("Address", p.o("{street}")), ("Postcode", p.v("UK_POSTCODE")),
    ]  # fmt: skip
    if p.take(3):
        personal.insert(6, ("Home phone", p.v("PHONE", "area")))
    work = [
        ("Employee ID", p.o("EMP-{last4}{n}")), ("Job title", p.o("{job}")),
        ("Department", p.o("{dept}")), ("Manager", p.o("{name}")),
        ("Start date", p.o("{date}")), ("Work email", p.v("EMAIL")),
        ("Desk phone", p.v("PHONE", "london") if p.take(3) else p.o("ext. {n}")),
    ]  # fmt: skip
    pay = [
        ("Salary", p.o("£{n},000 per year")), ("Tax code", p.o("1257L")),
        ("Sort code", p.v("SORT_CODE")), ("Account number", p.v("BANK_ACCOUNT")),
        ("IBAN", p.v("IBAN")), ("Pension", p.o("5% salary sacrifice")),
    ]  # fmt: skip
    if p.take(3):
        pay.append(("US SSN (payroll)", p.v("US_SSN")))
    emergency = [
        ("Contact", p.o("{name}")), ("Relationship", p.o("Partner")), ("Phone", p.v("PHONE")),
        ("Email", p.v("EMAIL") if p.take(2) else "-"),
    ]  # fmt: skip
    changes = ("Bank details updated", "Address changed", "Salary review", "Contract extended",
               "Password reset by admin", "Manager changed", "Tax code updated",
               "Holiday approved", "Payslip {date} issued", "Pension opt-in")  # fmt: skip
    history = "".join(
        _cells((p.o("{iso} {time}"), p.o("{name}"), p.o(p.rng.choice(changes)),
                p.o("{ticket}"), p.o("{ver}")))
        for _ in range(12)
    )  # fmt: skip
    tabs = "".join(
        f"<span class='tab{' on' if k == 0 else ''}'>{p.o(t)}</span>"
        for k, t in enumerate(("Personal", "Employment", "Pay", "Documents", "History"))
    )
    columns = 3 if p.viewport[0] / p.px >= HR_THREE_COLUMNS_EM else 2
    return (
        _bar(p, "People", "Directory", "Time off", "Reports")
        + f"<main class='pad'><div class='muted'>{p.o('Employees / {dept} / ' + name)}</div>"
        + f"<h2>{p.o(name)} {_badge(p, 'Active')}</h2><div class='tabs'>{tabs}</div>"
        + f"<div class='cards' style='grid-template-columns: repeat({columns}, minmax(0, 1fr))'>"
        + _kv_card(p, "Personal details", personal)
        + _kv_card(p, "Pay and bank", pay)
        + _kv_card(p, "Employment", work)
        + _kv_card(p, "Emergency contact", emergency)
        + "<div class='card' style='grid-column: 1 / -1'>"
        + f"<h3>{p.o('Recent changes')}</h3><table class='grid'>"
        + _cells([p.o(h) for h in ("When", "By", "Change", "Ticket", "Record")], "th", False)
        + f"{history}</table></div></div></main>"
    )


_ACTIVITY = (
    "{name} paid invoice {inv} ({price})", "{name} upgraded to the Business plan",
    "Order {order} refunded: {price}", "{name} opened ticket {ticket}",
    "Import of customers-{iso}.csv finished: {n} rows", "{name} changed their password",
    "Contract renewal {ver} signed by {name}", "Payment reminder sent for {inv}",
)  # fmt: skip


def _crm(p: _Page) -> str:
    """Every listed customer shows an e-mail; the two extra columns share what budget is left."""
    extra = p.rng.sample(("Phone", "Postcode", "Payment"), 2)
    heads = ["Customer", "Email", *extra, "Orders", "Lifetime value", "Status"]
    count = max(5, min(p.rows(9, 2.3), p.budget * 2 // 3))
    emails = [p.v("EMAIL") for _ in range(count)]
    rows = []
    for k in range(count):
        cells = [p.o("{name}"), emails[k]]
        for j, col in enumerate(extra):
            take = p.take((count - k) * len(extra) - j)
            if col == "Phone":
                cells.append(p.v("PHONE") if take else "-")
            elif col == "Postcode":
                cells.append(p.v("UK_POSTCODE") if take else "-")
            else:
                cells.append(p.v("CARD") if take else p.o("Visa ending {last4}"))
        cells += [p.o("{n}"), p.o("{price}"), _badge(p, p.word("state"))]
        rows.append(_cells(cells))
    filters = "".join(_badge(p, t) for t in ("Active", "Trial", "Overdue"))
    activity = "".join(
        f"<div class='line' data-fit>{p.o('{date} {time}', 'muted')}  "
        f"{p.o(p.rng.choice(_ACTIVITY))}</div>"
        for _ in range(24)
    )
    return (
        _bar(p, "CRM", "Customers", "Deals", "Invoices", "Reports")
        + f"<main class='pad'><h2>{p.o('Customers ({count})')}</h2>"
        + f"<div class='buttons'><button class='primary'>{p.o('New contact')}</button>"
        + f"<button>{p.o('Import CSV')}</button><button>{p.o('Export')}</button>{filters}"
        + f"<span class='muted'>{p.o('Last synced {ago}')}</span></div>"
        + "<div class='clip'><table class='grid'>"
        + _cells([p.o(h) for h in heads], "th", False)
        + "".join(rows)
        + f"</table></div><h3>{p.o('Recent activity')}</h3>{activity}</main>"
    )


def _field(p: _Page, caption: str, value_html: str, help_: str = "", extra: str = "") -> str:
    hint = f"<div class='muted small'>{p.o(help_)}</div>" if help_ else ""
    return f"<div class='field' data-fit><div>{p.o(caption)}</div>{value_html}{hint}{extra}</div>"


def _input(p: _Page, type_: str | None, template: str = "", variant: str = "") -> str:
    """A text input holding an ordinary text (``type_`` None) or a value."""
    if type_ is None:
        return f"<input type='text' data-o value='{_e(_fill_words(template, p.rng))}'>"
    value = make_value(type_, p.rng, variant)
    p.budget -= 1
    return f"<input type='text' data-v='{type_}' value='{_e(value)}'>"


def _form(p: _Page) -> str:
    expiry = f"{p.rng.randint(1, 12):02d}/{p.rng.randint(26, 31)}"
    fields = [
        _field(p, "Full name", _input(p, None, "{name}")),
        _field(p, "Company", _input(p, None, "{company}")),
        _field(p, "Work email", _input(p, "EMAIL"), "We send receipts to this address."),
        _field(p, "Phone", _input(p, "PHONE")),
        _field(p, "Address", _input(p, None, "{street}")),
        _field(p, "Postcode", _input(p, "UK_POSTCODE")),
        _field(p, "Card number", _input(p, "CARD")),
        _field(p, "Expiry", _input(p, None, expiry)),
        _field(p, "IBAN", _input(p, "IBAN"), "For refunds and supplier payments."),
        _field(p, "Sort code", _input(p, "SORT_CODE")),
        _field(p, "Account number", _input(p, "BANK_ACCOUNT")),
        _field(p, "Order reference", _input(p, None, "{order}")),
        _field(p, "Finance contact", _input(p, "EMAIL", variant="role")),
        _field(p, "Mobile", _input(p, "PHONE", variant="mobile")),
        _field(p, "VAT number", _input(p, None, "GB {n} {last4} 12")),
        _field(p, "SFTP allow-list", _input(p, "IP_ADDRESS", variant="v4")),
        _field(
            p,
            "Password",
            _input(p, "PASSWORD"),
            "Password must be at least 12 characters.",
            f"<div><input type='checkbox' checked> {p.o('Show password')}</div>",
        ),
        _field(p, "Confirm password", "<input type='password' value='xxxxxxxxxxxx'>"),
    ]
    items, total = "", 0.0
    for _ in range(p.rng.randint(3, 5)):
        quantity, price = p.rng.randint(1, 4), p.rng.choice((4.99, 19.5, 64.0, 129.0, 349.99))
        total += quantity * price
        item = p.o(f"{p.rng.choice(_PRODUCTS)} x{quantity}")
        items += f"<div class='spread line' data-fit>{item}{p.o(f'£{quantity * price:,.2f}')}</div>"
    billing = (
        f"<div class='line'>{p.o('Billing contact')}</div><div class='line'>{p.v('EMAIL')}</div>"
        if p.take(2)
        else ""
    )
    return (
        _bar(p, "Checkout", "Orders", "Invoices", "Help")
        + "<div class='cols' style='grid-template-columns: 1fr 22em'>"
        + f"<main class='pad'><h2>{p.o('Update payment details')}</h2>"
        + f"<div class='muted'>{p.o('Step 2 of 3 - Invoice {inv}')}</div>"
        + f"<form class='grid2'>{''.join(fields)}</form>"
        + f"<div class='buttons'><button>{p.o('Cancel')}</button>"
        + f"<button class='primary'>{p.o('Save and continue')}</button></div></main>"
        + f"<aside class='pad side'><h3>{p.o('Order summary')}</h3>{items}"
        + f"<div class='spread line'>{p.o('Total')}{p.o(f'£{total:,.2f}')}</div>{billing}"
        + f"<div class='muted line'>{p.o('Reset your password from the account page.')}</div>"
        + "</aside></div>"
    )


def _settings(p: _Page) -> str:
    named = (("ci-deploy", "gh"), ("billing-sync", "stripe"), ("backup-job", "aws_id"),
             ("alerts-bot", "slack"), ("reporting", "generic"))  # fmt: skip
    keys = [
        _cells((p.o(name), f"<code>{p.v('SECRET', kind)}</code>", p.o("{date}"), p.o("{ago}"),
                _badge(p, p.rng.choice(("Active", "Active", "Revoked")))))
        for name, kind in p.rng.sample(named, p.rng.randint(3, 5))
    ]  # fmt: skip
    env = [
        ("AWS_ACCESS_KEY_ID", p.v("SECRET", "aws_id")),
        ("AWS_SECRET_ACCESS_KEY", p.v("SECRET", "aws_secret")),
        ("DATABASE_HOST", p.v("IP_ADDRESS", "v4")),
        ("SMTP_PASSWORD", p.v("PASSWORD", "env")),
        ("NODE_ENV", p.o("production")), ("APP_VERSION", p.o("{ver}")),
        ("BUILD_SHA", p.o("{sha}")), ("LOG_LEVEL", p.o("info")),
    ]  # fmt: skip
    p.rng.shuffle(env)
    env_rows = "".join(_cells((f"<code>{p.o(k)}</code>", f"<code>{v}</code>")) for k, v in env)
    hooks = "".join(
        _cells((p.o("https://api.example.com/hooks/{n}"), p.o(events),
                f"<code>{p.v('SECRET', 'generic')}</code>" if p.take(3 - k) else p.o("not set")))
        for k, events in enumerate(("order.created", "invoice.paid", "user.deleted"))
    )  # fmt: skip
    ips = " ".join(p.v("IP_ADDRESS") for _ in range(p.rng.randint(1, 3)))
    actions = ("Rotated key {ver}", "Created key reporting", "Revoked key alerts-bot",
               "Changed webhook {n}", "Reset your password reminder sent", "Exported {path}",
               "Enabled SSO for {dept}", "Downloaded invoice {inv}")  # fmt: skip
    audit = "".join(
        _cells((p.o("{iso} {time}"), p.o("{name}"), p.o(p.rng.choice(actions)), p.o("{uuid}")))
        for _ in range(12)
    )
    token = (
        f"<div class='card'><h3>{p.o('Personal access token (expires in 1 hour)')}</h3>"
        f"<div class='mono small'>{p.v('SECRET', 'jwt')}</div></div>"
        if p.take(2)
        else ""
    )
    return (
        _bar(p, "Developer settings", "Projects", "Billing", "Docs")
        + "<div class='cols' style='grid-template-columns: 12em 1fr'>"
        + _nav(p, ("General", "Members", "Billing", "API keys", "Webhooks", "Audit log"), 3)
        + f"<main class='pad clip'><h2>{p.o('API keys')}</h2>"
        + f"<div class='muted'>{p.o('Keys grant full access. Rotate them every 90 days.')}</div>"
        + "<table class='grid'>"
        + _cells([p.o(h) for h in ("Name", "Key", "Created", "Last used", "Status")], "th", False)
        + "".join(keys)
        + f"</table>{token}<h3>{p.o('Environment')}</h3><table class='grid'>{env_rows}</table>"
        + f"<h3>{p.o('Webhooks')}</h3><table class='grid'>"
        + _cells([p.o(h) for h in ("Endpoint", "Events", "Signing secret")], "th", False)
        + f"{hooks}</table><div class='line'>Allowed IP addresses: {ips}</div>"
        + f"<div class='muted line'>{p.o('Last change {iso} {time} by {name} ({ticket})')}</div>"
        + f"<h3>{p.o('Audit log')}</h3><table class='grid'>{audit}</table></main></div>"
    )


_CHAT = (
    "morning all, standup moved to {time}",
    "build {hex7} is green, deploying {ver} now",
    "PR #{n} merged, thanks for the review",
    "Reset your password from the account page",
    "has anyone seen the invoice {inv}? finance are asking",
    "order {order} shipped, tracking in the ticket",
    "uptime for the week: {pct}",
    "logs are in {path}",
    "use {PASSWORD} for the shared drive",
    "the wifi password is {PASSWORD} until Friday",
    "login is admin / {PASSWORD}",
    "my number is {PHONE} if the call drops",
    "send the contract to {EMAIL} please",
    "card for the team lunch: {CARD}",
    "the staging box is {IP_ADDRESS}",
    "token for the CI job: {SECRET:gh}",
    "new sort code is {SORT_CODE}, account {BANK_ACCOUNT}",
    "can you ping {EMAIL} about {ticket}?",
)  # fmt: skip


def _messages(p: _Page, count: int, share: float) -> str:
    """``count`` chat messages of one or two lines; about ``share`` of the lines hold values."""
    valued = [t for t in _CHAT if _has_value(t)]
    plain = [t for t in _CHAT if not _has_value(t)]
    out = []
    for k in range(count):
        lines = []
        for _ in range(p.rng.choice((1, 1, 2))):
            pool = valued if p.budget > 0 and p.rng.random() < share else plain
            lines.append(f"<div class='line'>{p.mixed(p.rng.choice(pool))}</div>")
        who = f"<div class='line'>{p.o('{name}  {time}', 'who')}</div>"
        out.append(
            f"<div class='chat{' me' if k % 3 == 2 else ''}' data-fit><span class='avatar'>"
            f"</span><div class='bubble'>{who}{''.join(lines)}</div></div>"
        )
    return "".join(out)


def _chat(p: _Page) -> str:
    """A channel and an open thread; lines with values are spread over both by the budget."""
    channels = ("# general", "# dev-ops", "# it-help", "# finance", "# random", "{name}",
                "{name}", "{name}")  # fmt: skip
    count = p.rows(7, 4.0)
    share = min(0.8, p.budget / (2.6 * count))
    return (
        _bar(p, "Chat", "Threads", "Mentions", "Files")
        + "<div class='cols' style='grid-template-columns: 12em 1fr 1fr'>"
        + _nav(p, channels, 2)
        + f"<main class='pad'><h3>{p.o('# it-help')}  "
        + f"<span class='muted'>{p.o('Ask here first; tickets go to {ticket}')}</span></h3>"
        + f"{_messages(p, count, share)}</main>"
        + f"<aside class='pad thread'><h3>{p.o('Thread')}</h3>{_messages(p, count, share)}</aside>"
        + "</div>"
    )


_ENV = (
    "# {SVC} service, build {hex7}", "{SVC}_VERSION={ver}", "{SVC}_BUILD_SHA={sha}",
    "{SVC}_DB_HOST={IP_ADDRESS:v4}", "{SVC}_DB_PASSWORD={PASSWORD:env}",
    "{SVC}_ADMIN_EMAIL={EMAIL:role}", "{SVC}_LOG_LEVEL=info", "{SVC}_TOKEN={SECRET}",
    "{SVC}_SUPPORT_PHONE={PHONE}", "{SVC}_CACHE_HOST={IP_ADDRESS}", "{SVC}_CACHE_TTL=300",
    "{SVC}_REPORT_DIR={path}", "# rotate secrets every 90 days ({ticket})", "",
)  # fmt: skip
_YAML = (
    "# {svc}: generated {iso} by deploy {ver}", "{svc}:", "  replicas: 3",
    "  image: registry.example.com/{svc}:{hex7}", "  database:", "    host: {IP_ADDRESS:v4}",
    "    user: {svc}_app", '    password: "{PASSWORD:shell}"', "    pool: 20",
    "  smtp_from: {EMAIL:role}", "  api_token: {SECRET}", "  timeout_ms: 2500",
    "  allow: [{IP_ADDRESS:v4}, {IP_ADDRESS:v4}]", "  oncall_phone: {PHONE}",
    "  request_id: {uuid}", "  runbook: docs/runbooks/{svc}.md", "",
)  # fmt: skip
_SERVICES = ("billing", "orders", "search", "payroll", "gateway", "reports", "auth", "mailer")


def _placeholder(template: str) -> str:
    """The line as a config keeps it when the value lives in a vault: ``KEY=${KEY}``."""
    key = re.split(r"[=:]", template.strip(), maxsplit=1)[0].strip().strip("{}")
    return _SLOT.sub(lambda m: "${" + key.upper() + "}" if m.group(1) in VALUE_TYPES
                     else m.group(0), template)  # fmt: skip


def _code(p: _Page) -> str:
    """Service blocks until the editor is full; a value slot not taken shows a placeholder."""
    name, block = p.rng.choice(((".env.production", _ENV), ("config/prod.yaml", _YAML)))
    count = p.rows(6, LINE_HEIGHT, low=12)
    services = p.rng.sample(_SERVICES, len(_SERVICES))
    templates: list[str] = []
    while len(templates) < count:
        svc = services[len(templates) // len(block) % len(services)]
        templates += [t.replace("{SVC}", svc.upper()).replace("{svc}", svc) for t in block]
    templates = templates[:count]
    slots = sum(_has_value(t) for t in templates)
    out = []
    for k, template in enumerate(templates, 1):
        if _has_value(template):
            if not p.take(slots):
                template = _placeholder(template)
            slots -= 1
        indent = len(template) - len(template.lstrip())
        text = p.mixed(template.lstrip()) if template.strip() else ""
        out.append(
            f"<div class='cl' data-fit><span class='ln'>{k}</span>"
            f"<span class='code'>{' ' * indent}{text}</span></div>"
        )
    tree = ("src", "app.py", "billing.py", "config", "prod.yaml", ".env.production",
            "README.md", "Dockerfile", "requirements.txt")  # fmt: skip
    files = "".join(f"<div class='item' data-fit>{p.o(t)}</div>" for t in tree)
    return (
        f"<header class='bar'>{p.o(name + ' - billing-api - Editor')}</header>"
        + "<div class='cols' style='grid-template-columns: 14em 1fr'>"
        + f"<nav class='side'>{files}</nav>"
        + f"<main class='stack'><div class='tabs'><span class='tab on'>{p.o(name)}</span>"
        + f"<span class='tab'>{p.o('app.py')}</span></div>"
        + f"<div class='editor'>{''.join(out)}</div>"
        + f"<div class='status'>{p.o('main  {hex7}  Ln {n}, Col 4  UTF-8  LF')}</div></main></div>"
    )


_REQUESTS = ("GET /api/v2/orders/{order}", "POST /api/v2/invoices/{inv}", "GET /healthz",
             "PUT /api/v2/users/{n}/settings", "GET /static/app.{hex7}.js",
             "POST /auth/password-reset")  # fmt: skip
_LOG_COLUMNS = (("Time", 14), ("Level", 5), ("Client IP", 14), ("User", 24),
                ("Request", 28), ("Status", 5), ("Duration", 7))  # fmt: skip
"""Columns of the log table and their width in em, cells' padding included."""


def _logs(p: _Page) -> str:
    """Columns from the right are dropped until the table fits the viewport's width."""
    columns = list(_LOG_COLUMNS)
    while sum(w for _, w in columns) > p.viewport[0] / p.px - 4 and len(columns) > 5:
        columns.pop()
    count = p.rows(11, 2.3)
    rows = []
    for k in range(count):
        left = (count - k) * 2
        status = p.rng.choice((200, 200, 200, 201, 204, 301, 404, 500))
        request = p.rng.choice(_REQUESTS)
        cells = {
            "Time": p.o("{iso} {time}:" + f"{p.rng.randint(0, 59):02d}"),
            "Level": _badge(p, "ERROR" if status >= 500 else "WARN" if status >= 400 else "INFO"),
            "Client IP": p.v("IP_ADDRESS") if p.take(left) else p.o("internal"),
            "User": p.v("EMAIL") if p.take(left - 1) else p.rng.choice(("-", p.o("svc-batch"))),
            "Request": p.o(request), "Status": p.o(str(status)), "Duration": p.o("{ms}"),
        }  # fmt: skip
        rows.append(_cells([cells[name] for name, _ in columns]))
    bars = "".join(
        f"<span class='hbar' style='height:{p.rng.randint(10, 100)}%'></span>" for _ in range(48)
    )
    return (
        _bar(p, "Logs", "Dashboards", "Alerts", "Traces")
        + "<main class='pad clip'><div class='buttons'>"
        + "<input type='text' class='query' data-o value='service:api-gateway status:&gt;=400'>"
        + f"<button class='primary'>{p.o('Search')}</button>"
        + f"<span class='muted'>{p.o('Last 24 hours, {count} events')}</span></div>"
        + f"<div class='hist'>{bars}</div><table class='grid'>"
        + _cells([p.o(name) for name, _ in columns], "th", False)
        + "".join(rows)
        + "</table></main>"
    )


_KIND_FUNCS: dict[str, Callable[[_Page], str]] = {
    "mail": _mail, "hr": _hr, "crm": _crm, "form": _form, "settings": _settings,
    "chat": _chat, "code": _code, "logs": _logs,
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Themes and style sheet
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Theme:
    bg: str
    text: str
    muted: str
    panel: str
    border: str
    zebra: str
    head: str
    field: str
    select: str
    code: tuple[str, str]  # values, line numbers


_THEMES: dict[str, tuple[_Theme, ...]] = {
    "light": (
        _Theme("#ffffff", "#202124", "#5f6368", "#f1f3f4", "#d5d8dc", "#f7f8fa", "#e8eaed",
               "#ffffff", "#e1ecfc", ("#a31515", "#8a8f98")),
        _Theme("#fafafa", "#141414", "#646464", "#ececec", "#c8c8c8", "#f2f2f2", "#e0e0e0",
               "#ffffff", "#d7e4f2", ("#0b6e2f", "#909090")),
    ),
    "dark": (
        _Theme("#1e1f22", "#e3e3e3", "#9aa0a6", "#2b2d31", "#45484e", "#25272b", "#33363c",
               "#2b2d31", "#264f78", ("#ce9178", "#6e7681")),
        _Theme("#21252b", "#c8ccd4", "#8c929e", "#282c34", "#3e4451", "#262a31", "#31363f",
               "#1d2026", "#2c313a", ("#98c379", "#636d83")),
    ),
}  # fmt: skip
_ACCENTS = ("#1a73e8", "#0b8043", "#7b1fa2", "#c5221f", "#00796b", "#37474f", "#e8710a")
_BADGES = {"light": ("#e6f4ea", "#137333", "#fef7e0", "#8a5a00", "#fce8e6", "#a50e0e",
                     "#e8f0fe", "#174ea6"),
           "dark": ("#1e3a2a", "#81c995", "#3d3214", "#fdd663", "#4a1f1f", "#f28b82",
                    "#1f3354", "#8ab4f8")}  # fmt: skip


def _css(theme: str, t: _Theme, accent: str, font: str, px: int) -> str:
    b = _BADGES[theme]
    return f"""
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; height: 100%; overflow: hidden; }}
body {{ font-family: "{font}"; font-size: {px}px; line-height: {LINE_HEIGHT};
  background: {t.bg}; color: {t.text}; display: flex; flex-direction: column; }}
[data-v], [data-o] {{ white-space: nowrap; }}
h2, h3 {{ margin: 0.4em 0; line-height: 1.3; white-space: nowrap; }}
h2 {{ font-size: 1.35em; }} h3 {{ font-size: 1.1em; }}
.bar {{ background: {accent}; color: #fff; display: flex; gap: 1.6em; padding: 0.55em 1.2em;
  white-space: nowrap; flex: none; }}
.grow {{ flex: 1; }}
.cols {{ display: grid; flex: 1; min-height: 0; }}
.cols > * {{ overflow: hidden; min-width: 0; }}
main {{ flex: 1; min-height: 0; overflow: hidden; }}
.pad {{ padding: 0.6em 1.2em; }}
.side {{ background: {t.panel}; border-right: 1px solid {t.border}; padding: 0.5em 0; }}
.side .item {{ padding: 0.3em 1.2em; }} .side .on {{ background: {t.select}; }}
.side pre {{ margin: 0; font: inherit; }}
.muted {{ color: {t.muted}; }} .small {{ font-size: 0.9em; }}
.line {{ white-space: nowrap; }}
.spread {{ display: flex; justify-content: space-between; gap: 1em; white-space: nowrap; }}
.list {{ border-right: 1px solid {t.border}; }}
.msg {{ padding: 0.45em 0.9em; border-bottom: 1px solid {t.border}; white-space: nowrap; }}
.msg.sel {{ background: {t.select}; }}
.body {{ margin-top: 0.8em; }}
.buttons {{ display: flex; gap: 0.7em; align-items: center; margin: 0.6em 0;
  white-space: nowrap; }}
button {{ font: inherit; padding: 0.3em 0.9em; border-radius: 4px; border: 1px solid {t.border};
  background: {t.panel}; color: {t.text}; }}
button.primary {{ background: {accent}; border-color: {accent}; color: #fff; }}
.chip {{ background: {t.panel}; border: 1px solid {t.border}; border-radius: 1em;
  padding: 0.1em 0.8em; }}
.badge {{ display: inline-block; padding: 0 0.6em; border-radius: 0.8em; font-size: 0.85em; }}
.badge.ok {{ background: {b[0]}; color: {b[1]}; }}
.badge.warn {{ background: {b[2]}; color: {b[3]}; }}
.badge.bad {{ background: {b[4]}; color: {b[5]}; }}
.badge.info {{ background: {b[6]}; color: {b[7]}; }}
table {{ border-collapse: collapse; margin-bottom: 0.6em; }}
table.grid {{ width: 100%; }}
th, td {{ text-align: left; padding: 0.3em 0.7em; border: 1px solid {t.border};
  white-space: nowrap; vertical-align: middle; }}
th {{ background: {t.head}; font-weight: bold; }}
table.grid tr:nth-child(even) td {{ background: {t.zebra}; }}
table.kv td {{ border: none; border-bottom: 1px solid {t.border}; padding: 0.25em 0.6em; }}
table.kv td:first-child {{ color: {t.muted}; }}
.clip {{ overflow: hidden; }}
.card {{ border: 1px solid {t.border}; border-radius: 6px; padding: 0.4em 0.9em;
  background: {t.panel}; overflow: hidden; margin-bottom: 0.8em; }}
.cards {{ display: grid; gap: 0 0.9em; align-items: start; }}
.grid2 {{ display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.3em 1.2em; }}
.tabs {{ display: flex; gap: 0.3em; border-bottom: 1px solid {t.border}; margin-bottom: 0.6em;
  white-space: nowrap; }}
.tab {{ padding: 0.3em 1em; }} .tab.on {{ border-bottom: 2px solid {accent}; }}
.field {{ display: block; margin-bottom: 0.2em; }}
input[type=text], input[type=password] {{ font: inherit; width: 100%; padding: 0.3em 0.6em;
  border: 1px solid {t.border}; border-radius: 4px; background: {t.field}; color: {t.text}; }}
input.query {{ width: 28em; }}
.chat {{ display: flex; gap: 0.7em; margin: 0.35em 0; }}
.avatar {{ width: 2.2em; height: 2.2em; border-radius: 50%; background: {accent};
  flex: none; opacity: 0.7; }}
.bubble {{ background: {t.panel}; border-radius: 8px; padding: 0.3em 0.8em; }}
.chat.me .bubble {{ background: {t.select}; }}
.who {{ font-weight: bold; }}
.thread {{ border-left: 1px solid {t.border}; }}
.editor {{ white-space: pre; padding: 0.3em 0; }}
.cl {{ display: flex; }} .cl:nth-child(7n+3) {{ background: {t.zebra}; }}
.ln {{ width: 3.5em; text-align: right; padding-right: 1.2em; color: {t.code[1]}; flex: none; }}
.code [data-v] {{ color: {t.code[0]}; }}
.stack {{ display: flex; flex-direction: column; }}
.editor {{ flex: 1; min-height: 0; overflow: hidden; }}
.status {{ flex: none; background: {accent}; color: #fff; padding: 0.1em 1em; }}
.mono {{ font-family: "DejaVu Sans Mono"; }}
code {{ font-family: inherit; }}
.hist {{ display: flex; align-items: flex-end; height: 3.5em; gap: 2px; margin: 0.4em 0; }}
.hbar {{ flex: 1; background: {accent}; opacity: 0.6; }}
"""


# --------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------

_LABEL_JS = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const W = window.innerWidth, H = window.innerHeight, dpr = window.devicePixelRatio;
  const clipOf = (el) => {
    let c = {l: 0, t: 0, r: W, b: H};
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect(), l = b.left + a.clientLeft, t = b.top + a.clientTop;
      c = {l: Math.max(c.l, l), t: Math.max(c.t, t),
           r: Math.min(c.r, l + a.clientWidth), b: Math.min(c.b, t + a.clientHeight)};
    }
    return c;
  };
  const inside = (r, c) => r.left >= c.l - 0.5 && r.top >= c.t - 0.5 &&
                           r.right <= c.r + 0.5 && r.bottom <= c.b + 0.5;
  const contentBox = (el) => {
    const b = el.getBoundingClientRect(), s = getComputedStyle(el);
    const f = (side) => parseFloat(s['border' + side + 'Width']) + parseFloat(s['padding' + side]);
    return {left: b.left + f('Left'), top: b.top + f('Top'),
            right: b.right - f('Right'), bottom: b.bottom - f('Bottom')};
  };
  const textBox = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((q) => q.width > 0 && q.height > 0);
    if (!rects.length) return null;
    return {left: Math.min(...rects.map((q) => q.left)), top: Math.min(...rects.map((q) => q.top)),
            right: Math.max(...rects.map((q) => q.right)),
            bottom: Math.max(...rects.map((q) => q.bottom)),
            lines: rects.filter((q) => q.top >= rects[0].bottom - 1).length + 1};
  };
  for (const el of [...document.querySelectorAll('[data-fit]')].reverse()) {
    const b = el.getBoundingClientRect(), c = clipOf(el);
    if (b.top < c.t - 0.5 || b.bottom > c.b + 0.5) el.remove();
  }
  const labels = [], skipped = [], errors = [];
  const hide = (el, why) => { el.style.visibility = 'hidden'; skipped.push(why); };
  for (const el of document.querySelectorAll('[data-v], [data-o]')) {
    const type = el.getAttribute('data-v'), input = el.tagName === 'INPUT';
    if (type === null && el.querySelector('[data-v]')) { errors.push('value in a line'); continue; }
    if (input && el.scrollWidth > el.clientWidth) { hide(el, 'input overflow'); continue; }
    const r = input ? contentBox(el) : textBox(el);
    if (r === null) { skipped.push('empty'); continue; }
    if (r.lines > 1) { errors.push('wrapped: ' + el.textContent); continue; }
    if (!inside(r, clipOf(el))) { hide(el, 'clipped'); continue; }
    labels.push({text: input ? el.value : el.textContent, type: type,
                 box: [Math.floor(r.left * dpr), Math.floor(r.top * dpr),
                       Math.ceil(r.right * dpr), Math.ceil(r.bottom * dpr)]});
  }
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done({labels: labels, skipped: skipped, errors: errors, viewport: [W, H], dpr: dpr})));
});
"""
"""Drops list items that overflow, hides clipped labels, then reports the rest in image pixels."""


def _require_browser() -> None:
    """Raise BrowserMissing naming what is absent and how to install it."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        raise BrowserMissing(
            f"the browser corpus needs Debian's Chromium: {', '.join(missing)} not found "
            "(apt-get install chromium chromium-driver)"
        )
    try:
        import selenium  # noqa: F401
    except ImportError as exc:
        raise BrowserMissing(
            "the browser corpus needs selenium: pip install -e '.[dev]' (selenium>=4.20)"
        ) from exc


class _Browsers:
    """One headless Chromium per device scale, started on first use and quit on exit.

    The viewport is set per page through DevTools (Emulation.setDeviceMetricsOverride):
    ``--window-size`` sizes the outer window, and headless Chromium keeps part
    of it for browser UI, so the page would get less than asked.
    """

    def __init__(self) -> None:
        self._drivers: dict[int, Any] = {}
        self._dirs: list[Path] = []
        self.pages = Path(tempfile.mkdtemp(prefix="consentry-pages-"))

    def __enter__(self) -> _Browsers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        for driver in self._drivers.values():
            driver.quit()
        self._drivers.clear()
        for folder in [*self._dirs, self.pages]:
            shutil.rmtree(folder, ignore_errors=True)
        self._dirs.clear()

    def driver(self, scale: int) -> Any:
        if scale not in self._drivers:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service

            profile = Path(tempfile.mkdtemp(prefix="consentry-chromium-"))
            self._dirs.append(profile)
            width = max(w for w, _ in VIEWPORTS)
            height = max(h for _, h in VIEWPORTS)
            options = webdriver.ChromeOptions()
            options.binary_location = str(CHROMIUM)
            for arg in (
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                f"--window-size={width},{height}", f"--force-device-scale-factor={scale}",
                "--hide-scrollbars",
                # No name resolves, so even a stray URL cannot reach the internet.
                "--host-resolver-rules=MAP * ~NOTFOUND",
            ):  # fmt: skip
                options.add_argument(arg)
            driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
            driver.set_script_timeout(PAGE_TIMEOUT_S)
            driver.set_page_load_timeout(PAGE_TIMEOUT_S)
            self._drivers[scale] = driver
        return self._drivers[scale]

    def render(
        self, page: str, viewport: tuple[int, int], scale: int, name: str
    ) -> tuple[Image.Image, dict[str, Any]]:
        """The screenshot of ``page`` and what the labelling script reported."""
        driver = self.driver(scale)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": viewport[0], "height": viewport[1], "deviceScaleFactor": scale,
             "mobile": False},
        )  # fmt: skip
        path = self.pages / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        driver.get(path.as_uri())
        report: dict[str, Any] = driver.execute_async_script(_LABEL_JS)
        image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
        expected = (viewport[0] * scale, viewport[1] * scale)
        if image.size != expected or report["dpr"] != scale:
            raise BrowserCorpusError(
                f"{name}: screenshot {image.size} at dpr {report['dpr']}, expected {expected}"
            )
        if report["errors"]:
            raise BrowserCorpusError(f"{name}: {'; '.join(report['errors'][:3])}")
        return image, report


# --------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    screen: Screen
    skipped: Counter[str]


def _draw(browsers: _Browsers, index: int, seed: int, scale: int, attempt: int) -> _Frame:
    rng = random.Random(seed + attempt)
    kind = KINDS[index % len(KINDS)]
    theme = THEMES[(index + index // len(KINDS)) % len(THEMES)]
    mono = rng.random() < {"code": 1.0, "logs": 0.7}.get(kind, 0.1)
    font = rng.choice(MONO_FONTS if mono else [f for f in FONTS if f not in MONO_FONTS])
    px = rng.randint(*FONT_PX)
    viewport = rng.choice(VIEWPORTS)
    page = _Page(rng, px, viewport, rng.randint(MIN_VALUES + 2, MAX_VALUES - 4))
    body = _KIND_FUNCS[kind](page)
    css = _css(theme, rng.choice(_THEMES[theme]), rng.choice(_ACCENTS), font, px)
    document = f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head>"
    document += f"<body>{body}</body></html>"
    name = f"c{index}-{kind}-{theme}-{font.replace(' ', '')}-{px}px-x{scale}"
    image, report = browsers.render(document, viewport, scale, f"{name}-{attempt}")
    skipped = Counter(report["skipped"])
    values: list[ScreenValue] = []
    ordinary: list[InkRegion] = []
    for item in report["labels"]:
        text = " ".join(item["text"].split())
        try:
            region = label(image, text, tuple(item["box"]), item["type"])
        except LabelError:
            skipped["no ink"] += 1
            continue
        if isinstance(region, ScreenValue):
            values.append(region)
        else:
            ordinary.append(region)
    screen = Screen(image, name, theme, font, px * scale, tuple(values), tuple(ordinary),
                    source="chromium")  # fmt: skip
    return _Frame(screen, skipped)


def _miss(frame: _Frame) -> int:
    """How far the frame's label counts fall outside the bounds; 0 when it fits."""
    values, ordinary = len(frame.screen.values), len(frame.screen.ordinary)
    return (
        max(0, MIN_VALUES - values) + max(0, values - MAX_VALUES) + max(0, MIN_ORDINARY - ordinary)
    )


def _frames(count: int, seed: int, scales: tuple[int, ...]) -> list[_Frame]:
    """Frames with their skip tallies; frame ``i`` depends on ``seed`` and ``i`` only.

    Kind, theme and scale follow the index, so any eight consecutive frames hold
    every kind and the first four every theme and scale pairing.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    if not scales or any(s not in (1, 2, 3) for s in scales):
        raise ValueError(f"scales must be a non-empty tuple of 1, 2 or 3, got {scales}")
    _require_browser()
    master = random.Random(seed)
    frames: list[_Frame] = []
    with _Browsers() as browsers:
        for index in range(count):
            sub_seed = master.getrandbits(48)
            scale = scales[(index // 2 + index // len(KINDS)) % len(scales)]
            tries = []
            for attempt in range(MAX_ATTEMPTS):
                tries.append(_draw(browsers, index, sub_seed, scale, attempt))
                if not _miss(tries[-1]):
                    break
            frames.append(min(tries, key=_miss))
    return frames


def generate(count: int, seed: int, scales: tuple[int, ...] = (1, 2)) -> list[Screen]:
    """``count`` Chromium-rendered work-app screens, identical for a given seed.

    Raises BrowserMissing when Chromium, chromedriver or selenium is not installed.
    """
    return [frame.screen for frame in _frames(count, seed, scales)]


# --------------------------------------------------------------------------------------
# python -m benchmarks.corpora.real.browser --out DIR
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=16)
    parser.add_argument("--scales", default="1,2", help="device scales, e.g. 1,2")
    parser.add_argument("--out", type=Path, help="directory for PNGs and JSON sidecars")
    parser.add_argument("--boxes", action="store_true", help="also write *-boxes.png copies")
    args = parser.parse_args(argv)
    scales = tuple(int(s) for s in args.scales.split(","))
    started = time.perf_counter()
    frames = _frames(args.count, args.seed, scales)
    elapsed = time.perf_counter() - started
    screens = [frame.screen for frame in frames]
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for screen in screens:
            screen.image.save(args.out / f"{screen.name}.png")
            if args.boxes:
                with_boxes(screen).save(args.out / f"{screen.name}-boxes.png")
            labels = json.dumps(sidecar(screen), indent=1, ensure_ascii=False)
            (args.out / f"{screen.name}.json").write_text(labels, encoding="utf-8")
    skipped: Counter[str] = Counter()
    for frame in frames:
        s = frame.screen
        skipped.update(frame.skipped)
        notes = ", ".join(f"{n} {why}" for why, n in frame.skipped.items())
        print(f"{s.name:<52} {len(s.values):>3} values {len(s.ordinary):>4} ordinary  {notes}")
    n = max(1, len(screens))
    print(f"\n{len(screens)} screens in {elapsed:.1f}s ({elapsed / n:.2f}s each, browser start "
          "included)")  # fmt: skip
    print("types:", dict(Counter(v.type for s in screens for v in s.values).most_common()))
    print("skipped labels:", dict(skipped.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
