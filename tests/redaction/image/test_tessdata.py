"""Finding tesseract's language data when the tesserocr binding does not know it.

The wheel pip gives a user bundles its own libtesseract whose default data path
is "./"; the engine must point it at the system's data rather than fall back to
the slower program in silence. The wheel is the real one, downloaded by the
set-up into .venv/wheelhouse and installed here apart from the project's own
(source-built) binding.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redaction.image import ocr, tessdata
from redaction.image.ocr import CliEngine, TesserocrEngine, describe, new_engine
from redaction.image.tessdata import find_tessdata

ROOT = Path(__file__).resolve().parents[3]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"


@pytest.fixture(scope="module")
def wheel_binding(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tesserocr's prebuilt wheel, installed on its own into a folder (as pip would)."""
    wheels = sorted(WHEELHOUSE.glob("tesserocr-*.whl"))
    if not wheels:
        pytest.fail(
            f"no tesserocr wheel in {WHEELHOUSE}: run installers/dev/setup.sh (it downloads one)"
        )
    target = tmp_path_factory.mktemp("wheel-binding")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", str(target), str(wheels[-1])],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def _run_with(binding: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(binding), str(ROOT)]), **env}
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


READ_A_LINE = """
import json, tesserocr
from PIL import Image, ImageDraw, ImageFont
from redaction.image.ocr import default_engine
engine = default_engine()
image = Image.new("L", (640, 60), 255)
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24)
ImageDraw.Draw(image).text((10, 15), "Quarterly planning notes", font=font, fill=0)
words = [w.text for w in engine.read(image)]
print(json.dumps({"engine": engine.name, "default": tesserocr.get_languages()[0],
                  "module": tesserocr.__file__, "words": words}))
"""


def test_the_wheel_binding_is_the_default_engine_and_reads(wheel_binding: Path) -> None:
    done = _run_with(wheel_binding, READ_A_LINE)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["module"].startswith(str(wheel_binding))  # the wheel, not the venv's build
    assert result["default"] == "./"  # the wheel really does not know where the data is
    assert result["engine"] == "tesserocr"
    assert result["words"] == ["Quarterly", "planning", "notes"]
    assert "tesseract program" not in done.stderr


FALL_BACK = """
import logging
logging.basicConfig(level=logging.WARNING, format="LOG %(message)s")
from redaction.image import tessdata
tessdata.USUAL_PATHS = ()
tessdata._from_program = lambda: iter(())  # simulated: a machine whose tesseract is elsewhere
from redaction.image.ocr import new_engine, describe
first, second = new_engine(), new_engine()
print(first.name, second.name)
print(describe(first))
"""


def test_without_any_language_data_the_fallback_says_why_once(
    wheel_binding: Path, tmp_path: Path
) -> None:
    done = _run_with(wheel_binding, FALL_BACK, TESSDATA_PREFIX=str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    names, description = done.stdout.splitlines()[:2]
    assert names == "tesseract-cli tesseract-cli"
    assert "slower tesseract program" in description and "TESSDATA_PREFIX" in description
    logged = [line for line in done.stderr.splitlines() if line.startswith("LOG ")]
    assert len(logged) == 1, done.stderr
    assert "no language data for 'eng'" in logged[0]


def test_tessdata_prefix_is_looked_at_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = find_tessdata("eng")
    assert system is not None, "tesseract-ocr-eng is installed by the set-up"
    (tmp_path / "eng.traineddata").symlink_to(system / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert find_tessdata("eng") == tmp_path
    # Tesseract 3's convention: the prefix is the folder above tessdata.
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path.parent))
    nested = tmp_path.parent / "tessdata"
    nested.mkdir(exist_ok=True)
    (nested / "eng.traineddata").symlink_to(system / "eng.traineddata")
    assert find_tessdata("eng") == nested


def test_the_program_reports_its_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setattr(tessdata, "USUAL_PATHS", ())
    found = find_tessdata("eng")
    assert found is not None and (found / "eng.traineddata").is_file()


def test_a_language_nowhere_is_none() -> None:
    assert find_tessdata("xx_nonexistent") is None
    assert find_tessdata("eng+xx_nonexistent") is None


def test_the_preferred_engine_describes_itself_without_a_reason() -> None:
    engine = new_engine()
    assert isinstance(engine, TesserocrEngine)
    assert describe(engine) == "tesserocr (tesseract in-process)"
    assert describe(CliEngine()) == "tesseract-cli"


def test_a_binding_that_cannot_load_falls_back_and_logs_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ocr.OcrUnavailable("the tesserocr binding is not installed")

    monkeypatch.setattr(ocr, "TesserocrEngine", broken)
    ocr._log_fallback.cache_clear()
    with caplog.at_level(logging.WARNING, logger="redaction.image.ocr"):
        engines = [new_engine(), new_engine()]
    assert all(isinstance(e, CliEngine) for e in engines)
    assert engines[0].fallback_reason == "the tesserocr binding is not installed"
    warnings = [r for r in caplog.records if "slower tesseract program" in r.getMessage()]
    assert len(warnings) == 1
