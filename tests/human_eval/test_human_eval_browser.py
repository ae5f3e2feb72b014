"""The rating page in a real headless Chromium (Debian `chromium` + `chromium-driver`, driven by Selenium):
two annotators rate three examples, one with the keyboard and one with the mouse, a reload mid-rating and a
locked database, and the report shows their agreement.

    UPDATE_DOCS=1 pytest -m slow tests/human_eval/test_human_eval_browser.py
regenerates the README's screenshot (docs/human_eval_rating.png) and report (docs/human_eval_demo.*).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from summarizer.human_eval.report import build_report, write_report
from summarizer.human_eval.store import Store
from tests.conftest import KOREAN_EXAMPLES, REPO
from tests.human_eval.conftest import LiveServer

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
DOCS = REPO / "docs"
LONG_TAIL = (" 시는 이번 사업으로 지역 경제가 살아나고 청년층의 유출도 줄어들 것으로 기대하고 있다. 다만 일부 전문가들은 "
             "예산 집행의 투명성을 높이고 사업 효과를 정기적으로 점검해야 한다고 지적했다. 시의회는 다음 달 임시회에서 "
             "관련 조례 개정안을 심의할 예정이며, 시민 의견 수렴을 위한 공청회도 열기로 했다.")
# Per example: (summary A, summary B); the page shows them in each annotator's own left/right order.
SUMMARIES = [
    ("서울시, 청년 주거 지원에 1천200억 원 투입", "서울시 청년 주거 지원 지원 지원 사업"),
    ("부산시가 노인 일자리를 만든다", "부산시, 노인 일자리 2만 개 새로 창출"),
    ("대전 교육청, 돌봄교실 30% 확대", "대전 교육청, 초등 돌봄교실 30% 늘린다"),
]
# Preferences in system terms. Pairs (B,B) (A,B) (tie,tie): 2 of 3 agree; kim's marginals A 1, B 1, tie 1,
# lee's B 2, tie 1: chance agreement (1*0 + 1*2 + 1*1) / 9 = 1/3, kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5.
PATTERN = {"kim": ["B", "A", "tie"], "lee": ["B", "B", "tie"]}


@pytest.fixture
def browser_factory(tmp_path):
    if not (CHROMIUM and CHROMEDRIVER):
        reason = "Debian chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("HUMAN_EVAL_REQUIRE_BROWSER"):
            pytest.fail(reason + " (HUMAN_EVAL_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def new_browser():
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                         "--lang=ko-KR", f"--user-data-dir={tmp_path / f'profile{len(drivers)}'}"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.implicitly_wait(0)
        drivers.append(driver)
        return driver

    yield new_browser
    for driver in drivers:
        driver.quit()


def _wait(driver, condition, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _text(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector).text


def _side(store, annotator, example_id, system):
    left = store.assignments("demo")[annotator, example_id]
    return "left" if left == system else "right"


def _start(driver, url, annotator):
    from selenium.webdriver.common.by import By

    driver.get(url)
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#study option"))
    name = driver.find_element(By.ID, "annotator")
    name.clear()
    name.send_keys(annotator)
    driver.find_element(By.ID, "start").click()
    _wait(driver, lambda d: d.find_element(By.ID, "document").text)


def _current_id(driver):
    """The example on screen, from the DOM (textContent: also while the page hides the rating part)."""
    from selenium.webdriver.common.by import By

    label = driver.find_element(By.ID, "example-label").get_attribute("textContent")
    return label.split("id ")[1].rstrip(")") if "id " in label else None  # None: not loaded yet


def _wait_for_next(driver, previous_id):
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: not d.find_element(By.ID, "rating").is_displayed() or _current_id(d) != previous_id)


@pytest.mark.slow  # two Chromium sessions (~10 s)
def test_two_annotators_rate_three_examples_in_chromium_and_the_report_shows_agreement(browser_factory, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    store = Store(f"sqlite:///{tmp_path / 'he.db'}", timeout=0.2)
    examples = [{"id": f"news-{i + 1}", "document": example["document"] + LONG_TAIL, "reference": example["summary"],
                 "summary_a": a, "summary_b": b, "scores_a": {"rougeL_kiwi": 0.30 + 0.1 * i}, "scores_b": {"rougeL_kiwi": 0.45}}
                for i, (example, (a, b)) in enumerate(zip(KOREAN_EXAMPLES, SUMMARIES))]
    store.create_study("demo", [("demo-a", "outputs/demo-a"), ("demo-b", "outputs/demo-b")], examples, seed=0, sampling="all")
    shots = tmp_path / "shots"
    shots.mkdir()

    with LiveServer(store) as server:
        # kim: keyboard only. 1/2/3 choose, Q W E R / U I O P flag, Enter submits.
        kim = browser_factory()
        _start(kim, server.url, "kim")
        assert _text(kim, "#progress-text") == "0 / 3 완료"
        for index, wanted in enumerate(PATTERN["kim"]):
            example_id = _current_id(kim)
            assert example_id == examples[index]["id"]
            assert examples[index]["document"][:20] in _text(kim, "#document")
            side = "tie" if wanted == "tie" else _side(store, "kim", example_id, wanted)
            body = kim.find_element(By.TAG_NAME, "body")
            body.send_keys({"left": "1", "tie": "2", "right": "3"}[side])
            if index == 0:  # flag repetition (third flag) on the summary that repeats "지원": system B's
                body.send_keys("e" if _side(store, "kim", example_id, "B") == "left" else "o")
                kim.save_screenshot(str(shots / "human_eval_rating.png"))
            body.send_keys(Keys.ENTER)
            _wait_for_next(kim, example_id)
        _wait(kim, lambda d: d.find_element(By.ID, "done").is_displayed())
        assert _text(kim, "#progress-text") == "3 / 3 완료"

        # lee: the mouse, and a reload half-way through an answer (the draft comes back).
        lee = browser_factory()
        _start(lee, server.url, "lee")
        for index, wanted in enumerate(PATTERN["lee"]):
            example_id = _current_id(lee)
            side = "tie" if wanted == "tie" else _side(store, "lee", example_id, wanted)
            lee.find_element(By.ID, f"pref-{side}").click()
            if index == 1:
                lee.find_element(By.ID, "comment").send_keys("둘 다 괜찮지만 B가 더 구체적")
                lee.refresh()
                _wait(lee, lambda d, shown=example_id: _current_id(d) == shown)  # resumed at the same example
                assert lee.find_element(By.ID, f"pref-{side}").get_attribute("aria-checked") == "true"
                assert lee.find_element(By.ID, "comment").get_attribute("value") == "둘 다 괜찮지만 B가 더 구체적"
            if index < 2:
                lee.find_element(By.ID, "submit").click()
                _wait_for_next(lee, example_id)
                continue
            # The last one while another writer holds the database: the page keeps it and retries.
            writer = sqlite3.connect(tmp_path / "he.db")
            writer.execute("BEGIN EXCLUSIVE")
            lee.find_element(By.ID, "submit").click()
            _wait(lee, lambda d: "저장 대기 중 (1건)" in d.find_element(By.ID, "message").text)
            assert "he.db is unreachable or locked" in _text(lee, "#message")
            writer.rollback()
            writer.close()
        _wait(lee, lambda d: d.find_element(By.ID, "done").is_displayed())

        # A second browser of kim, after finishing: nothing left to rate, nothing overwritten.
        again = browser_factory()
        again.get(server.url)
        _wait(again, lambda d: d.find_elements(By.CSS_SELECTOR, "#study option"))
        again.find_element(By.ID, "annotator").send_keys("kim")
        again.find_element(By.ID, "start").click()
        _wait(again, lambda d: d.find_element(By.ID, "done").is_displayed())

    ratings = store.ratings("demo")
    assert len(ratings) == 6
    by_annotator = {name: [r["preference"] for r in ratings if r["annotator"] == name] for name in PATTERN}
    assert by_annotator == PATTERN
    kim_first = next(r for r in ratings if r["annotator"] == "kim" and r["example_id"] == "news-1")
    assert kim_first["repetition_B"] and not kim_first["repetition_A"]
    assert next(r for r in ratings if r["annotator"] == "lee" and r["example_id"] == "news-2")["comment"] == "둘 다 괜찮지만 B가 더 구체적"

    report = build_report(store, "demo", samples=2000)
    assert report["agreement"]["examples"] == 3 and report["agreement"]["observed_agreement"] == pytest.approx(2 / 3)
    assert report["agreement"]["cohen_kappa"] == pytest.approx(0.5)
    written = write_report(report, shots)
    if os.environ.get("UPDATE_DOCS"):
        shutil.copy(shots / "human_eval_rating.png", DOCS / "human_eval_rating.png")
        for kind, path in written.items():
            text = path.read_text(encoding="utf-8").replace(str(tmp_path), "<tmp>") if kind != "png" else None
            target = DOCS / f"human_eval_demo.{kind}"
            target.write_text(text, encoding="utf-8") if text is not None else shutil.copy(path, target)
    assert Path(shots / "human_eval_rating.png").stat().st_size > 20_000
