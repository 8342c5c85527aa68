"""Screenshot redaction on labelled screens, synthetic and real: leaks, over-redaction, cost.

    .venv/bin/python benchmarks/screen_redaction.py [--count 30] [--seed 11] [--runs 3]
        [--real 12] [--sources synthetic,chromium,terminal,tk]

The synthetic screens come from :mod:`benchmarks.corpora.screen_corpus`; the real
ones (``--real`` frames per real source) are drawn by Chromium, xterm and Tk
under Xvfb (:mod:`benchmarks.corpora.real`). For each screen it prints, per
source and theme:

* **leaks** — sensitive values with more than a quarter of their ink left unchanged;
* **over-redaction** — ordinary lines with more than 5 % of their ink changed;
* **cost** — median ms per full frame for ``redact_image`` beside a bare,
  single-threaded tesseract recognition of the same frame (tesserocr with its
  defaults, the model loaded once, ``GetUTF8Text``), timed alternately in the
  same run, and the ratio;
* **incremental cost** — a :class:`ScreenRedactor` that has seen a frame is given
  the same frame with one ordinary line replaced by another line's pixels; the
  median cost of that frame as a share of a full ``redact_image``, and whether
  the changed frame leaks.

With ``--presidio`` and ``presidio_image_redactor`` installed, Presidio's image
redactor runs on the same screens (its default analyzer, as shipped).
Timings are medians over ``--runs`` repetitions per frame; the machine is
shared, so read ratios rather than absolute times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from benchmarks.corpora.real import real_screens
from benchmarks.corpora.screen_corpus import Screen, generate_screens, score
from redaction import ScreenRedactor, redact_image
from redaction.image.ocr import TesserocrEngine


def _timed(action: Callable[[], object], runs: int) -> tuple[float, object]:
    times: list[float] = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _bare_tesseract() -> Callable[[Image.Image], str]:
    import tesserocr

    api = tesserocr.PyTessBaseAPI(lang="eng")

    def read(image: Image.Image) -> str:
        api.SetImage(image)
        return str(api.GetUTF8Text())

    return read


def _one_line_changed(screen: Screen) -> Image.Image:
    """The screen with its longest ordinary line replaced by the pixels of another."""
    lines = sorted(screen.ordinary, key=lambda r: r.box[2] - r.box[0], reverse=True)
    if len(lines) < 2:
        return screen.image.copy()
    target, source = lines[0], lines[1]
    x0, y0, x1, y1 = target.box
    height = y1 - y0
    sx0, sy0, _, _ = source.box
    patch = screen.image.crop((sx0, sy0, sx0 + (x1 - x0), sy0 + height))
    frame = screen.image.copy()
    frame.paste(patch, (x0, y0))
    return frame


def _group(screen: Screen) -> str:
    return f"{screen.source}:{screen.theme}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30, help="synthetic screens")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--real", type=int, default=0, help="real frames per real source")
    parser.add_argument(
        "--sources",
        default="synthetic,chromium,terminal,tk",
        help="comma-separated: synthetic, chromium, terminal, tk",
    )
    parser.add_argument("--no-incremental", action="store_true", help="skip the one-line test")
    parser.add_argument("--presidio", action="store_true")
    args = parser.parse_args()

    sources = [name.strip() for name in args.sources.split(",") if name.strip()]
    screens: list[Screen] = []
    if "synthetic" in sources:
        screens.extend(generate_screens(args.count, seed=args.seed))
    real = [name for name in sources if name != "synthetic"]
    if real and args.real > 0:
        screens.extend(real_screens(args.real, args.seed, real))
    bare = _bare_tesseract()
    engine = TesserocrEngine()
    leaks: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    over: Counter[str] = Counter()
    ordinary: Counter[str] = Counter()
    leaked_types: dict[str, Counter[str]] = defaultdict(Counter)
    values_by_type: dict[str, Counter[str]] = defaultdict(Counter)
    ratios: dict[str, list[float]] = defaultdict(list)
    incremental_share: list[float] = []
    incremental_leaks = 0
    for screen in screens:
        group = _group(screen)
        bare_s, _ = _timed(lambda s=screen: bare(s.image), args.runs)
        ours_s, result = _timed(lambda s=screen: redact_image(s.image, engine=engine), args.runs)
        ratios[group].append(ours_s / bare_s)
        marks = score(screen, result.image)  # type: ignore[attr-defined]
        leaks[group] += len(marks.leaked)
        totals[group] += marks.values
        over[group] += len(marks.over_redacted)
        ordinary[group] += marks.ordinary
        leaked_types[screen.source].update(value.type for value in marks.leaked)
        values_by_type[screen.source].update(value.type for value in screen.values)
        one_line = ""
        if not args.no_incremental:
            share, second = _incremental(screen, engine, ours_s, args.runs)
            incremental_share.append(share)
            incremental_leaks += len(score(screen, second).leaked)
            one_line = f"  one-line {share:.1%}"
        print(
            f"  {screen.name:44s} values {marks.values:3d} leaked {len(marks.leaked):2d}  "
            f"ordinary {marks.ordinary:3d} over {len(marks.over_redacted):2d}  "
            f"bare {bare_s * 1000:6.0f} ms  ours {ours_s * 1000:6.0f} ms  "
            f"x{ours_s / bare_s:.2f}{one_line}",
            flush=True,
        )

    print("\nper source and theme:")
    for group in sorted(totals):
        print(
            f"  {group:24s} leaks {leaks[group]:3d}/{totals[group]:<4d} "
            f"over-redacted {over[group]:3d}/{ordinary[group]:<5d} "
            f"median ratio x{statistics.median(ratios[group]):.2f}"
        )
    print("\nper source:")
    by_source: dict[str, list[str]] = defaultdict(list)
    for group in totals:
        by_source[group.split(":")[0]].append(group)
    for source in sorted(by_source):
        _summary(source, by_source[source], leaks, totals, over, ordinary, ratios)
    real_groups = [g for g in totals if not g.startswith("synthetic:")]
    if real_groups and len(by_source) > 1:
        _summary("all real", real_groups, leaks, totals, over, ordinary, ratios)
    print("\nleaks by type:")
    for source in sorted(values_by_type):
        listed = ", ".join(
            f"{kind} {leaked_types[source][kind]}/{n}"
            for kind, n in sorted(values_by_type[source].items())
        )
        print(f"  {source}: {listed}")
    if incremental_share:
        print(
            f"\none changed line: median {statistics.median(incremental_share):.1%} of a full "
            f"frame (worst {max(incremental_share):.1%}); leaks on changed frames: "
            f"{incremental_leaks}"
        )
    if args.presidio:
        _presidio(screens)


def _summary(
    name: str,
    groups: list[str],
    leaks: Counter[str],
    totals: Counter[str],
    over: Counter[str],
    ordinary: Counter[str],
    ratios: dict[str, list[float]],
) -> None:
    values = sum(totals[g] for g in groups)
    lines = sum(ordinary[g] for g in groups)
    frames = [r for g in groups for r in ratios[g]]
    print(
        f"  {name:14s} frames {len(frames):3d}  leak rate {sum(leaks[g] for g in groups)}/"
        f"{values} = {sum(leaks[g] for g in groups) / max(1, values):.2%}  over-redaction "
        f"{sum(over[g] for g in groups)}/{lines} = "
        f"{sum(over[g] for g in groups) / max(1, lines):.2%}  median frame x"
        f"{statistics.median(frames):.2f} (worst x{max(frames):.2f})"
    )


def _incremental(
    screen: Screen, engine: TesserocrEngine, full_s: float, runs: int
) -> tuple[float, Image.Image]:
    """Cost of a frame with one line changed, as a share of a full redaction, and its result."""
    changed = _one_line_changed(screen)
    shares: list[float] = []
    second = screen.image
    for _ in range(runs):
        redactor = ScreenRedactor(engine=engine)
        redactor.redact(screen.image)
        start = time.perf_counter()
        second = redactor.redact(changed).image
        shares.append((time.perf_counter() - start) / full_s)
    return statistics.median(shares), second


def _presidio(screens: list[Screen]) -> None:
    try:
        from presidio_image_redactor import ImageRedactorEngine  # type: ignore[import-not-found]
    except ImportError:
        print("\npresidio_image_redactor is not installed; skipped")
        return
    redactor = ImageRedactorEngine()
    leaked = values = over = ordinary = 0
    spent: list[float] = []
    for screen in screens:
        start = time.perf_counter()
        out = redactor.redact(screen.image.copy(), fill=(0, 0, 0))
        spent.append(time.perf_counter() - start)
        marks = score(screen, out)
        leaked += len(marks.leaked)
        values += marks.values
        over += len(marks.over_redacted)
        ordinary += marks.ordinary
    print(
        f"\nPresidio image redactor: leak rate {leaked / max(1, values):.2%}, "
        f"over-redaction {over / max(1, ordinary):.2%}, "
        f"median {statistics.median(spent) * 1000:.0f} ms per frame"
    )


if __name__ == "__main__":
    main()
