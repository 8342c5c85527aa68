"""``consentry policy show|check``: the effective policy, and a file checked for IT.

``show`` prints every setting's effective value, its source (default,
recommended, user, managed) and whether IT locked it; a broken source is
shown too, with its problems, and the exit status is 1. ``check FILE``
validates a policy file (TOML, a macOS ``.plist`` or a Windows ``.reg``
export) as IT would deploy it, over the built-in defaults: ``FILE: OK`` and
exit 0, or one ``FILE: KEY: REASON`` line per problem and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from agent.commands.errors import CommandError
from agent.policy import EffectivePolicy, Setting, check_policy_file, load_policy
from agent.policy.effective import thaw

#: Values longer than this are cut in the table (``--json`` always has them whole).
MAX_VALUE_WIDTH = 60
EXIT_PROBLEMS = 1


def register(groups: Any) -> None:
    parser = groups.add_parser("policy", help="show the effective policy or check a policy file")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="every setting's value, source and lock")
    show.add_argument("--json", action="store_true", help="print machine-readable JSON")
    show.add_argument("--managed", metavar="FILE", help="read the managed policy from FILE")
    show.add_argument("--user", metavar="FILE", help="read the user's preferences from FILE")
    show.add_argument("--defaults", metavar="FILE", help="read the built-in defaults from FILE")
    show.set_defaults(handler=run_show)
    check = actions.add_parser("check", help="validate a policy file before deploying it")
    check.add_argument("file", metavar="FILE", help="policy file (.toml, .plist or .reg)")
    check.add_argument("--json", action="store_true", help="print machine-readable JSON")
    check.add_argument("--defaults", metavar="FILE", help="check over these defaults instead")
    check.set_defaults(handler=run_check)


def run_show(args: argparse.Namespace) -> int:
    if args.managed is not None and not Path(args.managed).is_file():
        raise CommandError(f"cannot read {args.managed}: no such file")
    policy = load_policy(defaults=args.defaults, managed=args.managed, user=args.user)
    if args.json:
        _write_json(policy.to_dict())
    else:
        sys.stdout.write(render_table(policy))
        sys.stdout.flush()
    return EXIT_PROBLEMS if policy.problems else 0


def run_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.is_dir():
        raise CommandError(f"cannot check {path}: it is a directory")
    policy = check_policy_file(path, defaults=args.defaults)
    if args.json:
        _write_json(
            {
                "file": str(path),
                "ok": not policy.problems,
                "problems": [problem.to_dict() for problem in policy.problems],
                "mandatory": _keys_from(policy, "managed"),
                "recommended": _keys_from(policy, "recommended"),
            }
        )
    elif policy.problems:
        sys.stdout.write("".join(f"{problem}\n" for problem in policy.problems))
    else:
        mandatory, recommended = _keys_from(policy, "managed"), _keys_from(policy, "recommended")
        sys.stdout.write(
            f"{path}: OK ({len(mandatory)} mandatory, {len(recommended)} recommended settings)\n"
        )
    sys.stdout.flush()
    return EXIT_PROBLEMS if policy.problems else 0


def _keys_from(policy: EffectivePolicy, source: str) -> list[str]:
    return [setting.key for setting in policy.settings() if setting.source == source]


def _write_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def render_table(policy: EffectivePolicy) -> str:
    lines = ["Sources (lowest precedence first; managed values are locked):"]
    for name in ("default", "managed", "user"):
        if name in policy.locations:
            lines.append(f"  {name:<8} {policy.locations[name]}")
    settings = policy.settings()
    width = max(len(setting.key) for setting in settings)
    lines.append("")
    lines.append(f"{'SETTING':<{width}}  {'SOURCE':<11}  {'LOCKED':<6}  VALUE")
    for setting in settings:
        lines.append(
            f"{setting.key:<{width}}  {setting.source:<11}  "
            f"{'yes' if setting.locked else 'no':<6}  {_shown(setting)}"
        )
    ignored = [setting.key for setting in settings if setting.user_override_ignored]
    if ignored:
        lines.append("")
        lines.append("Locked by IT; the value in the user's preferences was ignored:")
        lines.extend(f"  {key}" for key in ignored)
    lines.append("")
    if policy.problems:
        lines.append("Problems (capture stays off until they are fixed):")
        lines.extend(f"  {problem}" for problem in policy.problems)
    if policy.capture_allowed:
        lines.append("Capture: allowed by policy (the employee's consent is still required)")
    else:
        lines.append("Capture: stopped by policy")
        if not policy.problems:
            lines.extend(f"  {reason}" for reason in policy.stop_reasons)
    return "\n".join(lines) + "\n"


def _shown(setting: Setting) -> str:
    text = json.dumps(thaw(setting.value), ensure_ascii=False)
    if len(text) > MAX_VALUE_WIDTH:
        text = text[: MAX_VALUE_WIDTH - 1] + "…"
    return text
