"""`make screenshots`: regenerate docs/screenshots/*.png, one per page of the workspace.

On the real corpus index when REGQA_HOME holds one (used read-only), else on the fixture-law
index built into a temporary folder. Starts this checkout's `regqa serve` and `regqa ui` on
free loopback ports, makes an eval output to show (or takes --eval DIR), drives headless
Chromium through the pages and writes each PNG shrunk to a 256-colour palette.

    PYTHONPATH=. python tests/make_screenshots.py --out docs/screenshots [--eval eval-out/dev]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_support import (  # noqa: E402
    ROOT,
    FixtureIndex,
    build_fixture_index,
    checkout_cli,
    checkout_env,
    fixture_eval,
    free_port,
    health_ok,
    start_checkout,
    wait_http,
)
from ui_drive import UiDriver, have_chromium, start_chromium  # noqa: E402

MAX_BYTES = 300_000


@dataclass
class Scenario:
    """What to ask and check on a given index (the expectations only wait for the page)."""

    question_en: str
    question_ja: str
    side_doc: str
    side_path: str
    citation: str
    true_claim: str
    false_claim: str
    browse_doc: str
    browse_path: str
    library_expect: str


REAL = Scenario(
    question_en="Who heads the AI Strategic Headquarters?",
    question_ja="人工知能戦略本部の本部長は誰ですか",
    side_doc="jp-appi", side_path="art-27/para-1/item-2",
    citation="Article 27(1) of the APPI",
    true_claim="personal data may not be given to a third party without the person's consent",
    false_claim="personal data may be sold to anyone without telling the person",
    browse_doc="jp-ai-promotion-act", browse_path="art-22", library_expect="AI Promotion Act",
)
FIXTURE = Scenario(
    question_en="Who heads the Widget Safety Headquarters?",
    question_ja="ウィジェット安全本部の本部長は誰ですか",
    side_doc="widget-act", side_path="art-2/para-1/item-1-2",
    citation="Article 6(1) of the Widget Safety Act",
    true_claim="the Minister of Widgets heads the Headquarters",
    false_claim="the Headquarters is headed by the Prime Minister",
    browse_doc="widget-act", browse_path="art-3", library_expect="Widget Safety Act",
)


def shrink(path: Path) -> None:
    """A 256-colour palette PNG (text and flat colours survive it); narrower if still too big."""
    from PIL import Image

    with Image.open(path) as img:
        img = img.convert("RGB")
    for scale in (1.0, 0.85, 0.7):
        out = img if scale == 1.0 else img.resize((int(img.width * scale), int(img.height * scale)),
                                                  Image.Resampling.LANCZOS)
        out.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True)
        if path.stat().st_size <= MAX_BYTES:
            return


def real_home() -> Path | None:
    home = os.environ.get("REGQA_HOME")
    if home and (Path(home) / "index" / "CURRENT").is_file():
        return Path(home)
    return None


def benchmark_file() -> Path | None:
    for candidate in (os.environ.get("REGQA_BENCHMARKS", ""), str(ROOT.parent / "shared" / "benchmarks"),
                      "/work/shared/benchmarks"):
        if candidate and (Path(candidate) / "dev.jsonl").is_file():
            return Path(candidate) / "dev.jsonl"
    return None


def eval_run(home: Path, tmp: Path, real: bool) -> Path:
    import subprocess

    bench = benchmark_file() if real else None
    if bench is None:
        return fixture_eval(FixtureIndex(home, home, home), tmp / "eval" / "fixture-run")
    out = tmp / "eval" / "dev"
    proc = subprocess.run([*checkout_cli(), "eval", str(bench), "--out", str(out), "--k", "10"],
                          env=checkout_env(home), cwd=tmp, capture_output=True, text=True, timeout=900)
    runs = sorted(m.parent for m in out.rglob("metrics.json"))
    if proc.returncode != 0 or not runs:
        raise SystemExit(f"`regqa eval` failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return runs[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--eval", type=Path, default=None, help="an eval output folder to show")
    args = parser.parse_args()
    if not have_chromium():
        print("needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium "
              "chromium-driver fonts-noto-cjk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="regqa-shots-") as tmp_name:
        tmp = Path(tmp_name)
        home = real_home()
        scenario = REAL if home is not None else FIXTURE
        if home is None:
            print("REGQA_HOME has no index: using the fixture laws", file=sys.stderr)
            home = build_fixture_index(tmp / "fixture").home
        api_port, ui_port = free_port(), free_port()
        api_base = f"http://127.0.0.1:{api_port}"
        api = start_checkout(["serve", "--host", "127.0.0.1", "--port", str(api_port)], home, tmp / "api.log")
        ui = drv = None
        try:
            wait_http(f"{api_base}/health", health_ok, proc=api)
            ui = start_checkout(["ui", "--port", str(ui_port)], home, tmp / "ui.log", REGQA_API_URL=api_base)
            base = f"http://127.0.0.1:{ui_port}"
            wait_http(f"{base}/_stcore/health", proc=ui)
            run = args.eval or eval_run(home, tmp, real=scenario is REAL)
            drv = start_chromium(tmp / "profile", tmp / "chromedriver.log")
            go = UiDriver(drv, base, args.out, polish=shrink)
            s = scenario
            go.ask(s.question_en, "Sources", "ask")
            go.ask(s.question_ja, "Sources", "ask-ja")
            go.side_by_side(s.side_doc, s.side_path, (), "side-by-side")
            go.browse(s.browse_doc, s.browse_path, "Side by side", "browse")
            go.verify(s.citation, s.true_claim, "", "verify")
            go.verify(s.citation, s.false_claim, "", "verify-false")
            go.evaluate(run, "evaluate")
            go.library(s.library_expect, "library")
            go.phone(s.question_en, "Sources", "ask-phone")
        finally:
            if drv is not None:
                drv.quit()
            if ui is not None:
                ui.stop()
            api.stop()
    for png in sorted(args.out.glob("*.png")):
        print(f"{png}  {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
