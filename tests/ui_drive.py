"""Driving the Streamlit workspace in a real headless Chromium (selenium + Debian's chromium and
chromium-driver): one method per thing a user does, each ending with a screenshot.

Used by tests/test_ui_browser.py (on the fixture index, with assertions) and by
tests/make_screenshots.py (`make screenshots`, on the real index when there is one).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 90  # seconds: a cold API embeds the first question on CPU
DESKTOP = (1280, 800)
PHONE = (390, 844)
MAX_SHOT_HEIGHT = 2600


def have_chromium() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


def cjk_font_installed() -> bool:
    """A font with Japanese glyphs that Chromium can use (fonts-noto-cjk on Debian)."""
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=30)
    return bool(out.stdout.strip())


def start_chromium(profile: Path, log: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
                "--lang=en-US", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER), log_output=str(log)), options=options)
    drv.set_page_load_timeout(WAIT)
    return drv


class UiDriver:
    """The workspace at `base`, screenshots into `shots`."""

    def __init__(self, drv: webdriver.Chrome, base: str, shots: Path,
                 polish: Callable[[Path], None] | None = None) -> None:
        self.drv, self.base, self.shots = drv, base.rstrip("/"), shots
        self.polish = polish  # e.g. shrink a PNG for committing
        self.wait = WebDriverWait(drv, WAIT, ignored_exceptions=(StaleElementReferenceException,))
        shots.mkdir(parents=True, exist_ok=True)

    # -- reading the page --------------------------------------------------------------------
    def body(self) -> str:
        return self.drv.find_element(By.TAG_NAME, "body").text

    def until(self, what: str, check: Callable[[webdriver.Chrome], object]) -> object:
        try:
            return self.wait.until(check)
        except TimeoutException as exc:
            path = self.shots / "timeout.png"
            self.drv.save_screenshot(str(path))
            raise AssertionError(f"timed out waiting for {what}; screenshot {path}; page text:\n"
                                 f"{self.body()[:4000]}") from exc

    def until_text(self, *texts: str) -> str:
        self.until(" and ".join(repr(t) for t in texts), lambda d: all(t in self.body() for t in texts))
        self.settle()
        return self.body()

    def settle(self, quiet: float = 1.0, limit: float = 30.0) -> None:
        """Wait until Streamlit is not running the script (its status widget is gone) a while."""
        deadline, calm_since = time.monotonic() + limit, None
        while time.monotonic() < deadline:
            running = self.drv.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
            if running:
                calm_since = None
            elif calm_since is None:
                calm_since = time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return
            time.sleep(0.2)

    def marked(self) -> list[str]:
        return [m.text for m in self.drv.find_elements(By.TAG_NAME, "mark") if m.is_displayed()]

    def open(self, page: str = "", **query: str) -> None:
        url = f"{self.base}/{page.lstrip('/')}"
        self.drv.get(url + (f"?{urlencode(query)}" if query else ""))
        self.until("the page to load", lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"]'))

    def field(self, label: str, tag: str = "input") -> WebElement:
        return self.until(f"the {label!r} field", lambda d: next(
            (e for e in d.find_elements(By.CSS_SELECTOR, f'{tag}[aria-label="{label}"]') if e.is_displayed()),
            None))

    def click_button(self, label: str) -> None:
        button = self.until(f"the {label!r} button", lambda d: next(
            (b for b in d.find_elements(By.TAG_NAME, "button")
             if b.is_displayed() and b.text.strip() == label), None))
        button.click()

    def click_link(self, text: str) -> None:
        link = self.until(f"a link {text!r}", lambda d: next(
            (a for a in d.find_elements(By.TAG_NAME, "a") if a.is_displayed() and text in a.text), None))
        self.drv.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()

    def screenshot(self, name: str, size: tuple[int, int] = DESKTOP) -> Path:
        """The whole page (up to MAX_SHOT_HEIGHT px) at `size`'s width."""
        width = size[0]
        self.drv.set_window_size(width, size[1])
        self.settle(quiet=0.5)
        height = self.drv.execute_script(
            "const m = document.querySelector('[data-testid=\"stMain\"]');"
            "return Math.max(document.body.scrollHeight, m ? m.scrollHeight : 0);")
        self.drv.set_window_size(width, min(max(size[1], int(height) + 40), MAX_SHOT_HEIGHT))
        time.sleep(0.8)
        path = self.shots / f"{name}.png"
        self.drv.save_screenshot(str(path))
        self.drv.set_window_size(*size)
        if self.polish is not None:
            self.polish(path)
        return path

    # -- what users do ---------------------------------------------------------------------
    def ask(self, question: str, expect: str, shot: str) -> str:
        """Type the question, press Enter, wait for the answer to show `expect`."""
        here = self.drv.current_url
        if not here.startswith(self.base) or urlsplit(here).path.strip("/"):  # not on the Ask page
            self.open()
        box = self.field("Question")
        box.click()
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE)
        box.send_keys(question)
        box.send_keys(Keys.ENTER)
        self.until("the answer's citation chips", lambda d: d.find_elements(By.CSS_SELECTOR, "a.rq-chip")
                   and expect in self.body())
        self.settle()
        self.screenshot(shot)
        return self.body()

    def side_by_side(self, doc: str, path: str, expect: tuple[str, ...], shot: str) -> str:
        self.open("side_by_side", doc=doc, path=path)
        body = self.until_text("Japanese", "English", *expect)
        self.screenshot(shot)
        return body

    def open_citation_side_by_side(self, expect: tuple[str, ...], shot: str) -> str:
        self.click_link("Side by side (Japanese / English)")
        self.until("the side-by-side page", lambda d: "/side_by_side" in d.current_url)
        body = self.until_text("Japanese", "English", *expect)
        self.screenshot(shot)
        return body

    def verify(self, citation: str, claim: str, expect: str, shot: str) -> str:
        if "/verify" not in self.drv.current_url:
            self.open("verify")
        for label, tag, value in (("Citation", "input", citation), ("Claim or quote", "textarea", claim)):
            box = self.field(label, tag)
            box.click()
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys(Keys.DELETE)
            box.send_keys(value)
        old = {(e.id, e.text) for e in self.drv.find_elements(By.CSS_SELECTOR, ".rq-verdict")}
        self.click_button("Verify")
        self.until(f"the verdict {expect or '(any)'!r}", lambda d: any(
            (e.id, e.text) not in old and expect in e.text
            for e in d.find_elements(By.CSS_SELECTOR, ".rq-verdict")))
        self.settle()
        self.screenshot(shot)
        return self.body()

    def evaluate(self, run_dir: Path, shot: str) -> str:
        self.open("evaluate", run=str(run_dir))
        body = self.until_text("Failed questions", "hit@1", "By category", "Latency")
        charts = '[data-testid="stVegaLiteChart"]'
        self.until("the charts", lambda d: len(d.find_elements(By.CSS_SELECTOR, charts)) >= 3)
        time.sleep(1.5)  # vega draws after the element appears
        self.screenshot(shot)
        return body

    def browse(self, doc: str, path: str, expect: str, shot: str, lang: str = "en") -> str:
        self.open("browse", doc=doc, path=path, lang=lang)
        body = self.until_text(expect)
        self.screenshot(shot)
        return body

    def library(self, expect: str, shot: str) -> str:
        self.open("library")
        body = self.until_text("Indexed texts", expect)
        self.screenshot(shot)
        return body

    def phone(self, question: str, expect: str, shot: str) -> int:
        """The Ask page from a shared link on a 390-px-wide screen; returns the page's scroll width."""
        self.drv.set_window_size(*PHONE)
        self.open("", q=question)
        self.until_text(expect)
        width = self.drv.execute_script("return document.documentElement.scrollWidth")
        self.screenshot(shot, PHONE)
        self.drv.set_window_size(*DESKTOP)
        return int(width)
