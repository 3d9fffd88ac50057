"""report.html renders in a real headless Chromium from a file:// URL (no server, no network):
the tables and inline SVG charts are laid out, and a screenshot is taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_eval_matrix import run

from eval.matrix import read_results
from eval.report_html import render_html

pytestmark = [pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
    pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (Debian packages chromium, chromium-driver; "
                ".ci/run installs them)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (dev extra)")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def test_report_renders_and_is_screenshotted(tmp_path):
    out = tmp_path / "run"
    summary = run(out)
    page = out / "report.html"
    page.write_text(render_html(summary, read_results(out, summary)), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,2000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(page.as_uri())
        assert driver.title == "regqa evaluation report"
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 8 and all(c.size["width"] > 300 and c.size["height"] > 50 for c in charts)
        headers = [th.text for th in driver.find_elements(By.TAG_NAME, "th")]
        assert "llamaindex-baseline" in headers and "default ÷ llamaindex-baseline" in headers
        shot = tmp_path / "report.png"
        assert driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        driver.quit()
