"""The workspace in a real headless Chromium: `regqa serve` + `regqa ui` as subprocesses on the
fixture-law index, driven with selenium through Debian's chromium + chromium-driver. Asks in
English and Japanese, opens a citation side by side, verifies a true and a false claim, opens
the Evaluate page on a real `regqa eval` output, browses, reads the library and looks at the
Ask page on a phone-sized screen; a screenshot of each step lands in the test's tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import (
    FixtureIndex,
    fixture_eval,
    free_port,
    health_ok,
    shared_fixture_index,
    start_checkout,
    wait_http,
)

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.model]

pytest.importorskip("selenium.webdriver", reason="selenium is not installed (dev extra)")
from ui_drive import PHONE, UiDriver, cjk_font_installed, have_chromium, start_chromium  # noqa: E402

if not have_chromium():
    pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages chromium, "
                "chromium-driver; .ci/run installs them)", allow_module_level=True)

CHAIR_EN = "the Minister of Widgets holds that post"
CHAIR_JA = "ウィジェット大臣がその職に就く"
CITATION = "Article 6(1) of the Widget Safety Act"


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> FixtureIndex:
    return shared_fixture_index(tmp_path_factory)


@pytest.fixture(scope="module")
def ui_url(fixture_index: FixtureIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e-ui")
    api_port = free_port()
    api_base = f"http://127.0.0.1:{api_port}"
    api = start_checkout(["serve", "--host", "127.0.0.1", "--port", str(api_port)], fixture_index.home,
                         tmp / "api.log")
    ui = None
    try:
        wait_http(f"{api_base}/health", health_ok, proc=api)
        port = free_port()
        ui = start_checkout(["ui", "--port", str(port)], fixture_index.home, tmp / "ui.log",
                            REGQA_API_URL=api_base)
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/_stcore/health", proc=ui)
        yield base
    finally:
        if ui is not None:
            ui.stop()
        api.stop()


@pytest.fixture
def ui(ui_url: str, tmp_path: Path) -> Iterator[UiDriver]:
    drv = start_chromium(tmp_path / "profile", tmp_path / "chromedriver.log")
    try:
        yield UiDriver(drv, ui_url, tmp_path / "screenshots")
    finally:
        drv.quit()


def _is_png(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_chromium_has_a_japanese_font() -> None:
    assert cjk_font_installed(), ("no font with Japanese glyphs: Japanese renders as empty boxes "
                                  "(install Debian's fonts-noto-cjk)")


def test_every_page_in_the_browser(ui: UiDriver, fixture_index: FixtureIndex, tmp_path: Path) -> None:
    # Ask in English: Enter submits; the chip and the cited provision with its quote marked
    body = ui.ask("Who heads the Widget Safety Headquarters?", CHAIR_EN, "ask-en")
    assert "[1] Article 6(1)" in body
    assert "English reference translation — no legal effect; the Japanese text prevails" in body
    assert any(CHAIR_EN in m for m in ui.marked()), ui.marked()
    assert "q=Who+heads" in ui.drv.current_url  # the question is in the link

    # Ask in Japanese, in the same session
    body = ui.ask("ウィジェット安全本部の本部長は誰ですか", CHAIR_JA, "ask-ja")
    assert "第六条第一項" in body and "Japanese original — has legal effect" in body
    assert any(CHAIR_JA in m for m in ui.marked())

    # open the citation side by side
    body = ui.open_citation_side_by_side((CHAIR_JA, CHAIR_EN), "side-by-side")
    assert "doc=widget-act" in ui.drv.current_url and "path=art-6" in ui.drv.current_url
    assert "the Japanese text prevails" in body

    # verify a true and a false claim
    body = ui.verify(CITATION, "the Minister of Widgets heads the Headquarters", "Supported paraphrase",
                     "verify-true")
    assert "Support score" in body and CHAIR_JA in body
    body = ui.verify(CITATION, "the Headquarters is headed by the Prime Minister", "Not supported",
                     "verify-false")
    assert "Supported paraphrase" not in body

    # the Evaluate page on a real eval output of the fixture index
    run = fixture_eval(fixture_index, tmp_path / "eval" / "fixture-run")
    body = ui.evaluate(run, "evaluate")
    assert "5 questions (4 answerable, 1 unanswerable)" in body

    body = ui.browse("widget-act", "art-3", "Duties of Makers", "browse")
    assert "A maker must mark every widget with its cog count" in body
    body = ui.library("Widget Safety Act", "library")
    assert "Your documents" in body

    # a phone-sized screen: nothing wider than the screen
    width = ui.phone("Who heads the Widget Safety Headquarters?", CHAIR_EN, "ask-phone")
    assert width <= PHONE[0] + 1, f"the page is {width}px wide on a {PHONE[0]}px screen"

    shots = sorted(p.name for p in (tmp_path / "screenshots").glob("*.png"))
    pages = ("ask-en", "ask-ja", "side-by-side", "verify-true", "verify-false", "evaluate", "browse",
             "library", "ask-phone")
    assert shots == sorted(f"{n}.png" for n in pages)
    assert all(_is_png(tmp_path / "screenshots" / name) for name in shots)
