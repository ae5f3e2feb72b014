"""The page at `/`, driven the way a visitor uses it: Debian's chromium through its chromedriver (Selenium), paste
mode and URL mode. It also rewrites the README's screenshot, docs/serving_page.png."""

from __future__ import annotations

import re
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import KOREAN_EXAMPLES, REPO

pytestmark = pytest.mark.slow  # the real server and a browser
HANGUL = re.compile("[가-힣]")
SCREENSHOT = REPO / "docs" / "serving_page.png"


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.fail("The browser test needs Debian's chromium and chromedriver: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1300", "--lang=ko-KR"):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


def wait_for_answer(browser):
    WebDriverWait(browser, 120).until(
        lambda page: page.find_element(By.ID, "result").is_displayed() or page.find_element(By.ID, "error").is_displayed()
    )
    error = browser.find_element(By.ID, "error")
    assert not error.is_displayed(), error.text


def test_paste_an_article_and_read_its_korean_summary(browser, server):
    browser.get(server.url)
    WebDriverWait(browser, 30).until(ready.text_to_be_present_in_element((By.ID, "model-info"), "모델:"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "한국어 뉴스 요약"
    # Hangul renders without a Korean system font: the page's NanumGothic (served by the app) loaded
    font_loaded = "return document.fonts.ready.then(() => document.fonts.check('16px \"Page Korean\"', '한'))"
    assert browser.execute_script(font_loaded) is True
    article = " ".join(example["document"] for example in KOREAN_EXAMPLES)
    browser.find_element(By.ID, "article").send_keys(article)
    browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()  # the advanced settings open
    browser.find_element(By.ID, "num_beams").send_keys("2")
    browser.find_element(By.ID, "article").send_keys(Keys.CONTROL, Keys.ENTER)  # keyboard submit
    wait_for_answer(browser)
    summary = browser.find_element(By.ID, "summary").text
    assert HANGUL.search(summary), summary  # the (random-weight) model's output is Korean tokens
    assert re.fullmatch(r"\d+ ms", browser.find_element(By.ID, "latency").text)
    assert re.fullmatch(r"\d+ / \d+", browser.find_element(By.ID, "tokens").text)
    assert "num_beams=2" in browser.find_element(By.ID, "decoding-used").text
    assert not browser.find_element(By.ID, "truncated-warning").is_displayed()


def test_an_overlong_article_shows_the_truncation_warning(browser, server):
    browser.get(server.url)
    long_article = " ".join(example["document"] for example in KOREAN_EXAMPLES * 10)
    browser.execute_script("document.getElementById('article').value = arguments[0]", long_article)
    browser.find_element(By.ID, "submit").click()
    wait_for_answer(browser)
    warning = browser.find_element(By.ID, "truncated-warning")
    assert warning.is_displayed() and "앞부분" in warning.text


def test_url_mode_summarizes_the_local_news_page_and_shows_its_text(browser, server, news_site):
    browser.get(server.url)
    browser.find_element(By.ID, "tab-url").click()
    assert browser.find_element(By.ID, "panel-url").is_displayed()
    assert not browser.find_element(By.ID, "panel-text").is_displayed()
    browser.find_element(By.ID, "url").send_keys(f"{news_site}/article.html", Keys.ENTER)
    wait_for_answer(browser)
    assert browser.find_element(By.ID, "article-title").text == "서울시, 청년 주거 지원에 1천200억 원 투입"
    assert HANGUL.search(browser.find_element(By.ID, "summary").text)
    browser.find_element(By.CSS_SELECTOR, "#extracted summary").click()
    assert "월세 지원 금액" in browser.find_element(By.ID, "extracted-text").text
    browser.save_screenshot(str(SCREENSHOT))  # the README's picture of the page
    assert SCREENSHOT.stat().st_size > 10_000


def test_the_page_shows_the_servers_error_message(browser, server, news_site):
    browser.get(server.url)
    browser.find_element(By.ID, "tab-url").click()
    browser.find_element(By.ID, "url").send_keys(f"{news_site}/front.html", Keys.ENTER)
    WebDriverWait(browser, 60).until(lambda page: page.find_element(By.ID, "error").is_displayed())
    assert "No article text" in browser.find_element(By.ID, "error").text
