"""The HTML report in a real headless browser (Debian's chromium via selenium): a page loads, a highlighted
mention is visible, a screenshot is taken. Skips with the reason when the browser or selenium is missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.compare import compare_outputs
from pipeline.report import write_report
from pipeline.stages.write import write_outputs

PAPER_ID = "naughton-2023-trajectory-industrial-policy"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No network, no first-run work, no sandbox (CI runs as root), a profile of its own.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1600")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            pytest.skip(f"{path} not found: install Debian's chromium and chromium-driver "
                        "(apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    # Naming the driver keeps selenium from looking for (and downloading) one of its own.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory, paper):
    out = tmp_path_factory.mktemp("browser_report")
    write_outputs(out, [paper], {"run_id": "test"}, set())
    compare_outputs(out)
    return write_report(out).parent


def test_report_browser_shows_highlighted_mentions(browser, report, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get((report / "index.html").as_uri())
    assert browser.title == "Documents"
    browser.find_element(By.LINK_TEXT, PAPER_ID).click()
    assert browser.title == PAPER_ID
    mark = browser.find_element(By.CSS_SELECTOR, "p.passage mark.technologies")
    browser.execute_script("arguments[0].scrollIntoView();", mark)
    assert mark.is_displayed() and mark.size["width"] > 0
    assert mark.find_element(By.CSS_SELECTOR, ".label").text == "TECH"
    # The stylesheet loaded from beside the page: the mark has its colour.
    assert mark.value_of_css_property("background-color") == "rgba(122, 236, 236, 1)"
    assert browser.find_element(By.CSS_SELECTOR, "td.found").is_displayed()
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def _overflow(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_report_browser_index_fits_and_a_money_link_lands_on_its_passage(browser, report, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get((report / "index.html").as_uri())
    assert _overflow(browser) <= 0  # no horizontal scrolling at 1280 px
    assert browser.save_screenshot(str(tmp_path / "index.png"))
    browser.get((report / f"doc-{PAPER_ID}.html").as_uri())
    link = browser.find_element(By.CSS_SELECTOR, "#money-table tbody tr td a[href^='#p-']")
    target = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView();", link)
    link.click()
    assert browser.execute_script("return location.hash") == f"#{target}"
    passage = browser.find_element(By.ID, target)
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", passage)
    assert 0 <= top < 200  # the passage is at the top of the window
    assert browser.save_screenshot(str(tmp_path / "money-link.png"))


def test_report_browser_sorts_filters_and_toggles(browser, report, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get((report / f"doc-{PAPER_ID}.html").as_uri())
    table = browser.find_element(By.ID, "technologies-table")
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[3]  # canonical
    browser.execute_script("arguments[0].scrollIntoView();", header)
    header.click()
    names = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(4)")]
    assert names == sorted(names, key=str.lower) and header.get_attribute("aria-sort") == "ascending"
    header.click()
    again = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(4)")]
    assert again == sorted(names, key=str.lower, reverse=True)
    box = browser.find_element(By.CSS_SELECTOR, 'input.filter[data-table="technologies-table"]')
    box.send_keys("lithography")
    shown = [tr for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr") if tr.is_displayed()]
    assert shown and all("lithography" in tr.text.lower() for tr in shown)
    total = len(table.find_elements(By.CSS_SELECTOR, "tbody tr"))
    count = browser.find_element(By.ID, "technologies-table-count").text
    assert count == f"{len(shown)} of {total} rows"
    assert browser.save_screenshot(str(tmp_path / "filtered.png"))
    toggle = browser.find_element(By.CSS_SELECTOR, '.legend input[data-kind="technologies"]')
    mark = browser.find_element(By.CSS_SELECTOR, "p.passage mark.technologies")
    browser.execute_script("arguments[0].scrollIntoView();", toggle)
    toggle.click()
    assert mark.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"
    assert not mark.find_element(By.CSS_SELECTOR, ".label").is_displayed()
