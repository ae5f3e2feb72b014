"""The worker process for sacrebleu and dacon: same figures as in-process, survives its own failure,
stops with the scorer, and never re-runs the caller's script."""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from summarizer.metrics import SummaryScorer
from summarizer.metrics import side_process as side

ROOT = Path(__file__).resolve().parents[2]
PREDS = ["정부는 올해 예산을 3.5% 늘렸다.\n국회가 승인했다.", "", "내일은 비가 온다 ㅋㅋ", "Samsung 반도체 투자 확대"]
REFS = [["정부가 예산을 늘렸다.", "예산이 늘었다."], ["정답 요약"], ["내일 비가 오겠다"], ["삼성전자 반도체 투자"]]
RAW_TEXT_KEYS = ("bleu_char", "chrf", "chrf_pp", "rouge1_dacon", "rouge2_dacon", "rougeL_dacon")


def _scorer(side_process) -> SummaryScorer:
    return SummaryScorer(rouge_tokenizers=("char", "dacon"), rouge_types=("rouge1", "rouge2", "rougeL"),
                         bleu_tokenize="char", chrf=True, diagnostics=False, side_process=side_process)


def _assert_same(a, b) -> None:
    assert a.corpus.keys() == b.corpus.keys()
    for key in a.corpus:
        assert a.corpus[key] == pytest.approx(b.corpus[key], abs=1e-9), key
    for row_a, row_b in zip(a.per_example, b.per_example):
        for key in row_a:
            assert (math.isnan(row_a[key]) and math.isnan(row_b[key])) or row_a[key] == pytest.approx(row_b[key]), key
    assert a.info["sacrebleu_signatures"] == b.info["sacrebleu_signatures"]


def test_worker_gives_exactly_the_in_process_figures():
    inline, worker = _scorer(False), _scorer(True)
    try:
        with pytest.warns(UserWarning, match="jamo"):  # dacon's filter deletes ㅋㅋ: reported from the worker too
            in_worker = worker.score(PREDS, REFS)
        assert in_worker.info["side_process"] is True
        assert all(key in in_worker.corpus for key in RAW_TEXT_KEYS)
        with pytest.warns(UserWarning, match="jamo"):
            _assert_same(inline.score(PREDS, REFS), in_worker)
        assert in_worker.info["tokenizers"]["dacon"]["hangul_chars_removed_by_filter"] == "2"
        # A later call reuses the same process (its reference caches survive).
        pid = worker._side._process.pid
        with pytest.warns(UserWarning, match="jamo"):
            again = worker.score(PREDS[::-1], REFS[::-1])
        assert worker._side._process.pid == pid and again.info["side_process"] is True
        with pytest.warns(UserWarning, match="jamo"):
            _assert_same(inline.score(PREDS[::-1], REFS[::-1]), again)
    finally:
        worker.close()


def test_auto_uses_the_worker_only_for_large_calls(monkeypatch):
    scorer = _scorer("auto")
    monkeypatch.setattr(side, "usable_cpus", lambda: 2)
    assert not scorer._use_side_process(side.MIN_PAIRS - 1)
    assert scorer._use_side_process(side.MIN_PAIRS)
    monkeypatch.setattr(side, "usable_cpus", lambda: 1)
    assert not scorer._use_side_process(side.MIN_PAIRS * 10)
    monkeypatch.setattr(side, "usable_cpus", lambda: 4)
    monkeypatch.setenv("LOCAL_WORLD_SIZE", "4")  # torchrun: 4 ranks each scoring on 4 CPUs
    assert not scorer._use_side_process(side.MIN_PAIRS * 10)
    assert _scorer(False)._side is None
    assert SummaryScorer(rouge_tokenizers=("char",), bleu_tokenize=None, chrf=False)._side is None  # nothing to hand off
    with pytest.raises(ValueError, match="side_process"):
        _scorer("yes")


def _counting_starts(monkeypatch) -> list:
    started = []
    original = side.SideProcess._start

    def start(self):
        original(self)
        started.append(self._process)

    monkeypatch.setattr(side.SideProcess, "_start", start)
    return started


def test_a_worker_that_dies_leaves_the_figures_intact(monkeypatch, caplog):
    started = _counting_starts(monkeypatch)
    monkeypatch.setattr(side, "_WORKER_CODE", "import sys; sys.stdin.buffer.read(1); sys.exit(3)")
    scorer = _scorer(True)
    with caplog.at_level(logging.WARNING, logger=side.__name__), pytest.warns(UserWarning, match="jamo"):
        result = scorer.score(PREDS, REFS)
    assert len(started) == 1 and result.info["side_process"] is False
    assert "Metric worker process failed" in caplog.text
    with pytest.warns(UserWarning, match="jamo"):
        _assert_same(_scorer(False).score(PREDS, REFS), result)
    # After a crash the scorer stops trying (no new process per call).
    with pytest.warns(UserWarning, match="jamo"):
        scorer.score(PREDS, REFS)
    assert len(started) == 1 and started[0].poll() == 3


def test_a_worker_that_never_answers_times_out(monkeypatch, caplog):
    monkeypatch.setattr(side, "_WORKER_CODE", "import time; time.sleep(120)")
    scorer = _scorer(True)
    scorer._side.deadline_s, scorer._side.deadline_s_per_pair = 1.0, 0.0
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=side.__name__), pytest.warns(UserWarning, match="jamo"):
        result = scorer.score(PREDS, REFS)
    assert time.monotonic() - started < 15
    assert result.info["side_process"] is False and "no answer within 1 s" in caplog.text
    assert scorer._side.failed and scorer._side._process is None  # the stuck worker was stopped
    with pytest.warns(UserWarning, match="jamo"):
        _assert_same(_scorer(False).score(PREDS, REFS), result)


def test_an_interrupted_call_never_hands_its_answer_to_the_next(monkeypatch):
    """An error between handing a call to the worker and reading its answer (here in this thread's
    own ROUGE) must not leave that answer to be read as the next call's."""
    scorer, inline = _scorer(True), _scorer(False)
    started = _counting_starts(monkeypatch)
    original = scorer._rouge_rows

    def fail_once(*args, **kwargs):
        monkeypatch.setattr(scorer, "_rouge_rows", original)
        raise KeyboardInterrupt

    monkeypatch.setattr(scorer, "_rouge_rows", fail_once)
    with pytest.raises(KeyboardInterrupt):
        scorer.score(PREDS, REFS)
    assert started[0].wait(timeout=10) is not None  # the interrupted worker is gone
    other_preds, other_refs = ["완전히 다른 문장"] * 4, [["전혀 무관한 참조"]] * 4
    try:
        result = scorer.score(other_preds, other_refs)
        assert result.info["side_process"] is True and len(started) == 2
        _assert_same(inline.score(other_preds, other_refs), result)
    finally:
        scorer.close()


def test_whatever_the_worker_prints_cannot_corrupt_its_answers(monkeypatch, capfd):
    monkeypatch.setattr(side, "_WORKER_CODE", "print('noise ' * 5000, flush=True); " + side._WORKER_CODE)
    scorer = _scorer(True)
    try:
        with pytest.warns(UserWarning, match="jamo"):
            result = scorer.score(PREDS, REFS)
    finally:
        scorer.close()
    assert result.info["side_process"] is True and "noise" in capfd.readouterr().out
    with pytest.warns(UserWarning, match="jamo"):
        _assert_same(_scorer(False).score(PREDS, REFS), result)


def test_the_worker_gets_the_resolved_bleu_tokenizer_never_auto():
    scorer = SummaryScorer(rouge_tokenizers=("char",), bleu_tokenize="auto", side_process=True)
    assert scorer._side.settings.bleu_tokenize in ("ko-mecab", "char")
    assert scorer._side.settings.bleu_tokenize == scorer._raw.sacrebleu.bleu_tokenize


def test_close_stops_the_worker():
    scorer = _scorer(True)
    with pytest.warns(UserWarning, match="jamo"):
        scorer.score(PREDS, REFS)
    process = scorer._side._process
    assert process.poll() is None
    scorer.close()
    assert process.wait(timeout=10) == 0


def test_a_script_without_a_main_guard_is_not_run_twice(tmp_path):
    """multiprocessing's spawn would re-import this script in its worker; our worker never does."""
    script = tmp_path / "score_here.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        print("script body ran", flush=True)
        from summarizer.metrics import SummaryScorer
        scorer = SummaryScorer(rouge_tokenizers=("char",), rouge_types=("rouge1",), bleu_tokenize="char",
                               diagnostics=False, side_process=True)
        result = scorer.score(["오늘 날씨가 맑다"], ["오늘 날씨가 맑겠다"])
        print("side_process", result.info["side_process"], round(result.corpus["chrf"], 4), flush=True)
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("script body ran") == 1
    assert "side_process True" in done.stdout


def test_many_open_descriptors_do_not_turn_the_worker_off():
    """Training processes hold many files; select() would fail on descriptors >= 1024."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        pytest.skip(f"open-file limit {soft} < 1200")
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    scorer = _scorer(True)
    try:
        with pytest.warns(UserWarning, match="jamo"):
            result = scorer.score(PREDS, REFS)
        assert scorer._side._worker.answers >= 1024
        assert result.info["side_process"] is True and not scorer._side.failed
    finally:
        scorer.close()
        for fd in held:
            os.close(fd)


def test_the_worker_imports_from_absolute_paths_with_this_package_first(monkeypatch):
    monkeypatch.setattr(sys, "path", ["", "src", "/opt/lib", str(ROOT)])
    assert side._worker_sys_path() == [str(ROOT), "/opt/lib"]


def test_exit_never_waits_for_a_worker_that_does_not_read(tmp_path):
    """A call still out at exit (a large request the worker never reads) must not hang the interpreter."""
    script = tmp_path / "exit_mid_call.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from summarizer.metrics import side_process as side
        from summarizer.metrics.raw_text_families import RawTextSettings
        side._WORKER_CODE = "import time; time.sleep(60)"
        worker = side.SideProcess(RawTextSettings("char", True, None))
        assert worker.submit(["가나다라 마바사"] * 200_000, [["가나다라"]] * 200_000)
        print("exiting", flush=True)
    """))
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "exiting" in done.stdout, done.stderr
    assert time.monotonic() - started < 20
