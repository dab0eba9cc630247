"""End to end in a real headless browser (Debian's chromium and chromium-driver, driven by
selenium) against `newssearch serve` in a process of its own: type a query, see highlighted
results and the exact total, set a date range, click a facet, page, open an article, see the
chart, and read the page at phone width. Screenshots go to the test's tmp folder (printed)."""

from __future__ import annotations

import json
import shutil
import urllib.request
from urllib.parse import urlencode

import pytest

from serving import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no chromium and chromedriver on this machine: `apt-get install chromium chromium-driver` (.ci/run does)")


@pytest.fixture(scope="module")
def server(serve_index):
    with running_server(serve_index) as (base, log):
        yield base
    assert '"GET /api/stats HTTP/1.1" 200' in log[0]  # one line per request


def api(base: str, path: str, **params) -> dict:
    with urllib.request.urlopen(f"{base}{path}?{urlencode(params, doseq=True)}", timeout=10) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_a_search_in_the_browser(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def shot(name):
        browser.save_screenshot(str(tmp_path / f"{name}.png"))

    def total() -> str:
        return browser.find_element(By.ID, "total").text

    browser.get(server + "/")
    box = browser.find_element(By.CSS_SELECTOR, "label[for=q] + input#q")
    box.send_keys("oil", Keys.ENTER)
    expected = api(server, "/api/search", q="oil")["total"]
    assert total().startswith(f"{expected:,} articles match")
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    assert marks and all(m.text.lower() == "oil" for m in marks)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    shot("1-results")

    # a date range, typed into the labelled fields
    browser.find_element(By.ID, "since").send_keys("2024-02-01")
    until = browser.find_element(By.ID, "until")
    until.send_keys("2024-03-31", Keys.ENTER)
    expected = api(server, "/api/search", q="oil", since="2024-02-01", until="2024-03-31")["total"]
    assert total().startswith(f"{expected:,} articles match")
    assert "since=2024-02-01" in browser.current_url and "until=2024-03-31" in browser.current_url
    shot("2-date-range")

    # a source in the sidebar filters on it
    facet = browser.find_element(By.CSS_SELECTOR, "#facet-source a")
    name = facet.text
    facet.click()
    expected = api(server, "/api/search", q="oil", since="2024-02-01", until="2024-03-31", source=name)["total"]
    assert total().startswith(f"{expected:,} article")
    shot("3-facet")

    # the next page of a wider search
    browser.get(server + "/?" + urlencode({"q": "bank"}))
    browser.find_element(By.ID, "next").click()
    assert "page 2 of" in browser.find_element(By.CSS_SELECTOR, ".pager").text
    shot("4-page-2")

    # an article and its similar stories
    first = browser.find_element(By.CSS_SELECTOR, ".hit h2 a")
    title = first.text
    first.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert browser.find_elements(By.CSS_SELECTOR, "#similar li")
    shot("5-article")

    # a phone's width: nothing wider than the screen
    browser.set_window_size(390, 844)
    browser.get(server + "/?" + urlencode({"q": "oil"}))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot("6-phone")

    # the keyboard: "/" comes back to the search box
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    print(f"screenshots in {tmp_path}")


def test_hostile_text_stays_text_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1200, 1000)
    browser.get(server + "/?" + urlencode({"q": "oil talks"}))
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")]
    assert "<script>alert('title')</script> oil talks" in titles  # shown as text, not run
    assert browser.execute_script("return document.querySelectorAll('script:not([src])').length") == 0
