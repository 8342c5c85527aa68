"""Application rules from policy, as named predicates (issue 5, item 7).

Every privacy decision about *which application* has one function a reviewer
can find:

* :func:`should_capture_app` — anything at all from this application?
* :func:`should_capture_window` — anything from this window (its title checked
  against the deny title patterns: private and incognito windows by default)?
* :func:`keystroke_level` — how much of its typing: off, counts, classes, text;
* :func:`screen_capture_enabled` — may its windows appear in screens, or are
  they filled unread?

Each takes the effective policy (or an :class:`AppRules` built from it once;
passing the policy itself reuses a cached view). Application ids are matched
case-insensitively, and against both names a window has — the application id
(WM_CLASS class, bundle id, executable) and the process name — so a deny entry
``keepassxc`` catches the window whose class is ``KeePassXC``. A deny match on
either name wins over everything.

Fail closed: a policy with problems captures nothing; a password manager or a
credential prompt is never captured (:mod:`agent.capture.credential_apps`),
whatever the policy says. These are policy decisions only: consent (and the
purpose a record needs) is asked of the consent gate, separately.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar, cast

import re2

from agent.capture.credential_apps import is_credential_app
from agent.policy import EffectivePolicy

log = logging.getLogger(__name__)
_V = TypeVar("_V")

KeystrokeLevel = Literal["off", "counts", "classes", "text"]
KEYSTROKE_LEVELS: tuple[KeystrokeLevel, ...] = ("off", "counts", "classes", "text")


def _quiet() -> re2.Options:
    """RE2 logs a pattern it cannot parse; patterns may name private things."""
    options = re2.Options()
    options.log_errors = False
    return options


@dataclass(frozen=True)
class AppRules:
    """The policy's application settings, read once and ready to match."""

    allow: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()
    deny_titles: tuple[re2._Regexp, ...] = ()
    default_level: KeystrokeLevel = "off"
    levels: Mapping[str, KeystrokeLevel] = field(default_factory=dict)
    screen_apps: Mapping[str, bool] = field(default_factory=dict)
    #: ``screen.triggers`` is not empty: unlisted applications appear in screens.
    screens_on: bool = False
    #: False when the policy cannot be trusted: nothing is captured.
    usable: bool = True

    @classmethod
    def closed(cls) -> AppRules:
        """Rules that capture nothing (a policy with problems)."""
        return cls(usable=False)

    @classmethod
    def from_policy(cls, policy: EffectivePolicy) -> AppRules:
        if policy.problems:
            return cls.closed()
        try:
            patterns = tuple(
                re2.compile(pattern, _quiet())
                for pattern in policy.value("applications.deny_title_patterns")
            )
        except re2.error:  # validated by the loader; if one slips through, fail closed
            log.error("a window-title pattern does not compile: capturing nothing")
            return cls.closed()
        levels = policy.value("keystrokes.per_application")
        screens = policy.value("applications.screen_capture")
        return cls(
            allow=_folded(policy.value("applications.allow")),
            deny=_folded(policy.value("applications.deny")),
            deny_titles=patterns,
            default_level=cast(KeystrokeLevel, policy.value("keystrokes.default_level")),
            levels={name.casefold(): level for name, level in levels.items()},
            screen_apps={name.casefold(): bool(on) for name, on in screens.items()},
            screens_on=bool(policy.value("screen.triggers")),
        )


def should_capture_app(
    app_id: str, policy: AppRules | EffectivePolicy, *, process_name: str | None = None
) -> bool:
    """Whether anything at all may be captured from this application.

    No: with an unusable policy, for a credential application, when either
    name is denied, or when an allow list is set and neither name is on it.
    """
    rules = app_rules(policy)
    if not rules.usable or is_credential_app(app_id, process_name):
        return False
    names = _names(app_id, process_name)
    if rules.deny & names:
        return False
    return not rules.allow or bool(rules.allow & names)


def should_capture_window(
    app_id: str,
    title: str | None,
    policy: AppRules | EffectivePolicy,
    *,
    process_name: str | None = None,
) -> bool:
    """Whether anything may be captured from this window: its application, then its title.

    A title matching any deny pattern (private/incognito windows by default)
    excludes the window. A window without a title has nothing to match and
    follows its application.
    """
    rules = app_rules(policy)
    if not should_capture_app(app_id, rules, process_name=process_name):
        return False
    if title is None:
        return True
    return not any(pattern.search(title) for pattern in rules.deny_titles)


def keystroke_level(
    app_id: str, policy: AppRules | EffectivePolicy, *, process_name: str | None = None
) -> KeystrokeLevel:
    """How much of this application's typing is recorded (per-application setting, else default).

    ``off`` for an application that is not captured. Call
    :func:`should_capture_window` for the focused window first: a private
    window of a captured browser is not captured at any level. ``text`` still
    needs the ``typed_text`` purpose from the consent gate.
    """
    rules = app_rules(policy)
    if not should_capture_app(app_id, rules, process_name=process_name):
        return "off"
    level = _per_application(rules.levels, app_id, process_name)
    return rules.default_level if level is None else level


def screen_capture_enabled(
    app_id: str, policy: AppRules | EffectivePolicy, *, process_name: str | None = None
) -> bool:
    """Whether this application's windows may appear in screens; if not they are filled unread.

    The per-application setting wins; unlisted applications follow the screen
    settings (screens are on when any trigger is set). Denied applications are
    never on screen.
    """
    rules = app_rules(policy)
    if not should_capture_app(app_id, rules, process_name=process_name):
        return False
    on = _per_application(rules.screen_apps, app_id, process_name)
    return rules.screens_on if on is None else on


_cache: weakref.WeakKeyDictionary[EffectivePolicy, AppRules] = weakref.WeakKeyDictionary()


def app_rules(policy: AppRules | EffectivePolicy) -> AppRules:
    """The rules of ``policy``, built once per policy object (patterns compiled once)."""
    if isinstance(policy, AppRules):
        return policy
    rules = _cache.get(policy)
    if rules is None:
        rules = AppRules.from_policy(policy)
        _cache[policy] = rules
    return rules


def _per_application(
    settings: Mapping[str, _V], app_id: str, process_name: str | None
) -> _V | None:
    """The setting listed for the application id, else for the process name, else ``None``."""
    for name in (app_id, process_name):
        if name is not None:
            value = settings.get(name.casefold())
            if value is not None:
                return value
    return None


def _folded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name.casefold() for name in names)


def _names(app_id: str, process_name: str | None) -> frozenset[str]:
    names = {app_id.casefold()}
    if process_name:
        names.add(process_name.casefold())
    return frozenset(names)
