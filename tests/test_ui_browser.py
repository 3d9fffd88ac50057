"""The Streamlit page in a real headless Chromium: `regqa serve` + `regqa ui` as subprocesses
on the fixture-law index, driven with selenium through Debian's chromium + chromium-driver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import (
    FixtureIndex,
    base_env,
    free_port,
    health_ok,
    regqa_bin,
    shared_fixture_index,
    start_api,
    start_process,
    wait_http,
)

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
QUESTION = "Who heads the Widget Safety Headquarters?"
CHAIR_REF = "Article 6(1)"
CHAIR_TEXT = "The Headquarters is headed by a chairperson; the Minister of Widgets holds that post."
WAIT = 90  # seconds for the page and for an answer (the API embeds the question on CPU)

if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
    pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (Debian packages chromium, chromium-driver; "
                ".ci/run installs them)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (dev extra)")

from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> FixtureIndex:
    return shared_fixture_index(tmp_path_factory)


@pytest.fixture(scope="module")
def ui_url(fixture_index: FixtureIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e-ui")
    api, api_base = start_api(fixture_index.home, tmp)
    ui = None
    try:
        wait_http(f"{api_base}/health", health_ok, proc=api)
        port = free_port()
        ui = start_process([str(regqa_bin()), "ui", "--port", str(port)],
                           base_env(fixture_index.home, REGQA_API_URL=api_base), tmp / "ui.log")
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/_stcore/health", proc=ui)
        yield base
    finally:
        if ui is not None:
            ui.stop()
        api.stop()


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    service = Service(str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"))
    drv = webdriver.Chrome(service=service, options=options)
    drv.set_page_load_timeout(WAIT)
    try:
        yield drv
    finally:
        drv.quit()


def _expander_summaries(drv: webdriver.Chrome) -> list:
    return drv.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"] summary')


def _label(summary) -> str:
    """The expander's label (the summary's text also holds the arrow icon's ligature name)."""
    return summary.find_element(By.CSS_SELECTOR, '[data-testid="stMarkdownContainer"]').text.strip()


def test_ask_in_the_browser_shows_answer_and_citation(
    ui_url: str, driver: webdriver.Chrome, tmp_path: Path
) -> None:
    wait = WebDriverWait(driver, WAIT)
    driver.get(ui_url)
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="Question"]')))
    box.click()
    box.send_keys(QUESTION)
    ask = wait.until(ec.element_to_be_clickable(
        (By.XPATH, '//button[.//p[normalize-space()="Ask"] or normalize-space()="Ask"]')))
    ask.click()

    try:
        wait.until(lambda d: any(CHAIR_REF in _label(s) for s in _expander_summaries(d)))
    except TimeoutException:
        driver.save_screenshot(str(tmp_path / "timeout.png"))
        pytest.fail(f"no citation for {CHAIR_REF} appeared; page text:\n"
                    f"{driver.find_element(By.TAG_NAME, 'body').text}\n(screenshot {tmp_path}/timeout.png)")

    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Answer" in body
    assert "Sources" in body
    markdown = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMarkdownContainer"]')
    assert any("[1]" in m.text and "Minister of Widgets" in m.text for m in markdown), body
    assert "Could not get an answer" not in body

    summaries = _expander_summaries(driver)
    labels = [_label(s) for s in summaries]
    assert any(t.startswith("[1]") for t in labels), labels
    chair = next(s for s in summaries if CHAIR_REF in _label(s))
    assert _label(chair).startswith("["), labels
    expander = chair.find_element(By.XPATH, "./ancestor::*[@data-testid='stExpander'][1]")
    details = expander.find_element(By.TAG_NAME, "details")
    assert details.get_attribute("open") is None  # collapsed until clicked
    assert CHAIR_TEXT not in expander.text

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chair)
    chair.click()
    # the full provision is the st.text block (the quote above it can be the same sentence)
    full = wait.until(lambda d: next((t for t in expander.find_elements(
        By.CSS_SELECTOR, '[data-testid="stText"]') if t.is_displayed() and CHAIR_TEXT in t.text), None))
    assert full.text.strip() == CHAIR_TEXT
    wait.until(lambda d: "Version: test fixture" in expander.text)
    assert "Quoted:" in expander.text
    assert "Full provision:" in expander.text

    shot = tmp_path / "answer.png"
    driver.set_window_size(1280, max(1600, driver.execute_script(
        "return document.body.scrollHeight") + 200))
    assert driver.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
