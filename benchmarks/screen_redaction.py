"""Screenshot redaction on labelled synthetic screens: leaks, over-redaction, cost.

    .venv/bin/python benchmarks/screen_redaction.py [--count 30] [--seed 11] [--runs 3]

For each screen of :mod:`benchmarks.corpora.screen_corpus` it prints, per theme:

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presidio", action="store_true")
    args = parser.parse_args()

    screens = generate_screens(args.count, seed=args.seed)
    bare = _bare_tesseract()
    engine = TesserocrEngine()
    leaks: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    over: Counter[str] = Counter()
    ordinary: Counter[str] = Counter()
    leaked_types: Counter[str] = Counter()
    values_by_type: Counter[str] = Counter()
    times: dict[str, list[float]] = defaultdict(list)
    incremental_share: list[float] = []
    incremental_leaks = 0
    for screen in screens:
        theme = screen.theme
        bare_s, _ = _timed(lambda s=screen: bare(s.image), args.runs)
        ours_s, result = _timed(lambda s=screen: redact_image(s.image, engine=engine), args.runs)
        times["bare"].append(bare_s)
        times["ours"].append(ours_s)
        times[f"ratio:{theme}"].append(ours_s / bare_s)
        marks = score(screen, result.image)  # type: ignore[attr-defined]
        leaks[theme] += len(marks.leaked)
        totals[theme] += marks.values
        over[theme] += len(marks.over_redacted)
        ordinary[theme] += marks.ordinary
        leaked_types.update(value.type for value in marks.leaked)
        values_by_type.update(value.type for value in screen.values)

        changed = _one_line_changed(screen)
        shares: list[float] = []
        for _ in range(args.runs):
            redactor = ScreenRedactor(engine=engine)
            redactor.redact(screen.image)
            start = time.perf_counter()
            second = redactor.redact(changed)
            shares.append((time.perf_counter() - start) / ours_s)
        incremental_share.append(statistics.median(shares))
        incremental_leaks += len(score(screen, second.image).leaked)
        print(
            f"  {screen.name:40s} values {marks.values:3d} leaked {len(marks.leaked):2d}  "
            f"ordinary {marks.ordinary:3d} over {len(marks.over_redacted):2d}  "
            f"bare {bare_s * 1000:6.0f} ms  ours {ours_s * 1000:6.0f} ms  "
            f"x{ours_s / bare_s:.2f}  one-line {incremental_share[-1]:.1%}",
            flush=True,
        )

    print("\nper theme:")
    for theme in sorted(totals):
        ratio = statistics.median(times[f"ratio:{theme}"])
        print(
            f"  {theme:9s} leaks {leaks[theme]}/{totals[theme]}  "
            f"over-redacted {over[theme]}/{ordinary[theme]}  median ratio x{ratio:.2f}"
        )
    print("\nleaks by type:")
    for kind in sorted(values_by_type):
        print(f"  {kind:13s} {leaked_types[kind]}/{values_by_type[kind]}")
    all_values = sum(totals.values())
    all_ordinary = sum(ordinary.values())
    bare_ms = statistics.median(times["bare"]) * 1000
    ours_ms = statistics.median(times["ours"]) * 1000
    ratios = [r for key, values in times.items() if key.startswith("ratio:") for r in values]
    print(f"\nscreens: {len(screens)}  values: {all_values}  ordinary lines: {all_ordinary}")
    print(f"leak rate:          {sum(leaks.values()) / max(1, all_values):.2%}")
    print(f"over-redaction:     {sum(over.values()) / max(1, all_ordinary):.2%}")
    print(f"median full frame:  ours {ours_ms:.0f} ms, bare tesseract {bare_ms:.0f} ms")
    print(
        f"ratio of medians:   x{ours_ms / bare_ms:.2f}  (median per-frame ratio x"
        f"{statistics.median(ratios):.2f}, worst x{max(ratios):.2f})"
    )
    print(
        f"one changed line:   median {statistics.median(incremental_share):.1%} of a full frame "
        f"(worst {max(incremental_share):.1%}); leaks on changed frames: {incremental_leaks}"
    )
    if args.presidio:
        _presidio(screens)


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
