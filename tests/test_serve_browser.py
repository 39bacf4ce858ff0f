"""``plainspeak serve`` in a real browser: Debian's headless chromium, driven by Selenium.

The server is the real one, started with the command line on 127.0.0.1. Where chromium is not
installed the tests are skipped on a developer's computer, but fail under CI (CI=true), where
.ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from serve_pages import Server

POLICY = ROOT / "examples" / "policy.docx"
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000")


def _browser_parts():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        driver = None
    if chromium and driver:
        return chromium, driver
    missing = "chromium and chromium-driver (apt-get install chromium chromium-driver) and selenium"
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests need {missing}; .ci/run installs them")
    pytest.skip(f"the browser tests need {missing}")


@pytest.fixture(scope="module")
def glossary_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("our-glossary")


@pytest.fixture(scope="module")
def server(glossary_folder):
    _browser_parts()
    s = Server("--glossary", str(glossary_folder))
    yield s
    s.stop()


@pytest.fixture()
def browser(tmp_path):
    chromium, driver_path = _browser_parts()
    from selenium import webdriver

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver_path))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _wait(driver, test, seconds: float = 180):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(lambda d: test(d))


def _downloaded(folder: Path, name: str, seconds: float = 120) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = folder / name
        if path.is_file() and path.stat().st_size > 0 and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded; the folder holds {os.listdir(folder)}")


def test_upload_a_word_file_see_a_label_and_its_suggestion_and_download_the_copy_with_comments(server, browser):
    import docx
    from selenium.webdriver.common.by import By

    browser.get(server.address)
    assert browser.current_url == f"{server.base}/"  # the key has left the address bar
    browser.find_element(By.ID, "file").send_keys(str(POLICY))
    browser.find_element(By.ID, "check-button").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "results-heading"))
    assert browser.switch_to.active_element.get_attribute("id") == "results-heading"  # focus moves to the results
    labels = [m for m in browser.find_elements(By.CSS_SELECTOR, "mark.k-deficit-label") if m.text == "rough sleepers"]
    assert labels and labels[0].is_displayed()
    colour = labels[0].value_of_css_property("background-color")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # Its number leads to the note beside it, with the words to use instead.
    link = labels[0].find_element(By.XPATH, "following::sup[1]/a")
    note = browser.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
    assert "people sleeping rough" in note.text and note.is_displayed()
    assert "Explain this rule" in note.text
    # The filter hides the kind and takes the colour off its words.
    browser.find_element(By.ID, "show-deficit-label").click()
    assert not note.is_displayed()
    assert labels[0].value_of_css_property("background-color") in ("rgba(0, 0, 0, 0)", "transparent")
    browser.find_element(By.ID, "show-deficit-label").click()
    assert note.is_displayed()
    # The same file is still chosen: the Word copy with comments downloads from it.
    browser.find_element(By.ID, "download-annotated").click()
    path = _downloaded(browser.downloads, "policy-reviewed.docx")
    comments = list(docx.Document(str(path)).comments)
    assert len(comments) > 10
    assert any('"rough sleepers"' in c.text and "people sleeping rough" in c.text for c in comments)
    _wait(browser, lambda d: "Downloaded policy-reviewed.docx" in d.find_element(By.ID, "status").text)


def test_a_damaged_file_gets_a_plain_message_and_the_page_goes_on(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    broken = tmp_path / "broken.docx"
    broken.write_bytes(POLICY.read_bytes()[:2000])
    browser.get(server.address)
    browser.find_element(By.ID, "file").send_keys(str(broken))
    browser.find_element(By.ID, "check-button").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "results-heading"))
    assert "Could not check broken.docx: the Word file is damaged" in browser.find_element(By.ID, "results").text
    browser.find_element(By.ID, "download-annotated").click()
    _wait(browser, lambda d: "Could not check broken.docx" in d.find_element(By.ID, "status").text)


def test_keyboard_only(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from selenium.webdriver.common.action_chains import ActionChains

    def press(key):
        ActionChains(browser).send_keys(key).perform()

    browser.get(server.address)
    press(Keys.TAB)
    first = browser.switch_to.active_element
    assert first.text == "Skip to the main content" and first.is_displayed()
    press(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"
    order = []
    for _ in range(8):
        press(Keys.TAB)
        order.append(browser.switch_to.active_element.get_attribute("id"))
    assert order[:5] == ["file", "text", "format-markdown", "check-button", "download-annotated"]
    browser.find_element(By.ID, "text").send_keys("We housed three heroin users.")
    browser.find_element(By.ID, "check-button").send_keys(Keys.ENTER)  # a button takes Enter
    _wait(browser, lambda d: d.find_elements(By.ID, "results-heading"))
    assert "people who use heroin" in browser.find_element(By.ID, "results").text


def test_propose_a_glossary_entry_and_find_it_saved_as_proposed(server, browser, glossary_folder):
    from selenium.webdriver.common.by import By

    browser.get(server.address)
    browser.find_element(By.LINK_TEXT, "Glossary").click()
    browser.find_element(By.LINK_TEXT, "Propose a new entry").click()
    # First without the required answers: the messages stand next to the fields.
    browser.find_element(By.ID, "term").send_keys("pathway plan")
    browser.find_element(By.CSS_SELECTOR, "#propose-form button[type=submit]").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "error-summary"))
    assert browser.switch_to.active_element.get_attribute("id") == "error-summary"
    assert "Choose which kind of word it is." in browser.find_element(By.ID, "category-error").text
    assert browser.find_element(By.ID, "term").get_attribute("value") == "pathway plan"
    browser.find_element(By.ID, "category-jargon").click()
    browser.find_element(By.ID, "alternatives").send_keys("plan for leaving care")
    browser.find_element(By.ID, "why").send_keys("Many young people do not know what a pathway plan is.")
    browser.find_element(By.ID, "source_organisation_0").send_keys("Care leavers' panel")
    browser.find_element(By.ID, "source_document_0").send_keys("Words we use")
    browser.find_element(By.ID, "flag_examples").send_keys("Your pathway plan is due.")
    browser.find_element(By.ID, "proposed_by").send_keys("Care leavers' panel")
    browser.find_element(By.CSS_SELECTOR, "#propose-form button[type=submit]").click()
    _wait(browser, lambda d: d.find_element(By.TAG_NAME, "h1").text != "Propose a new glossary entry"
          or d.find_elements(By.ID, "error-summary") and "pathway" in d.find_element(By.ID, "why").text, 120)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Proposal saved", browser.find_element(By.TAG_NAME, "main").text
    path = glossary_folder / "jargon" / "pathway-plan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["status"] == "proposed"
    assert data["term"] == "pathway plan" and data["proposed-by"] == "Care leavers' panel"
