"""`python -m summarizer.score` and its file reading: formats, JSON output, clear errors."""

from __future__ import annotations

import json

import pytest

from summarizer.metrics.io import InputError, check_aligned, read_texts
from summarizer.score import main

PRED = "정부는 올해 예산을 늘렸다.\n\n내일은 비가 온다\n"
REF = "정부가 예산을 늘렸다.\n정답 요약\n내일 비가 오겠다\n"
SRC = "정부는 올해 예산을 늘렸다고 밝혔다. 국회가 승인했다.\n문서다.\n기상청은 내일 비가 온다고 했다. 우산을 챙기자.\n"


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in {"p": PRED, "r": REF, "s": SRC, "p2": "정부가 예산을 늘렸다.\n정답\n비\n"}.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _inputs(files) -> list[str]:
    return ["--predictions", str(files["p"]), "--references", str(files["r"]), "--sources", str(files["s"])]


def _run_json(capsys, argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_text_files_to_json(files, capsys):
    out = _run_json(capsys, [*_inputs(files), "--bootstrap", "50"])
    corpus = out["system"]["corpus"]
    assert corpus["empty_pred_count"] == 1.0  # the blank second line is an empty prediction
    assert {"rouge1_kiwi", "rougeLsum_kiwi_ci_low", "bleu_char", "chrf", "novel_1gram_ratio"} <= set(corpus)
    assert out["system"]["info"]["num_examples"] == 3


def test_compare_adds_paired_test_and_baselines_add_columns(files, capsys):
    out = _run_json(capsys, [*_inputs(files), "--compare", str(files["p2"]), "--baselines", "--bootstrap", "50"])
    assert set(out) >= {"system", "compare", "lead3", "oracle", "paired_test"}
    paired = out["paired_test"]["metrics"]["rouge1_kiwi"]
    assert paired["delta"] == pytest.approx(
        out["compare"]["corpus"]["rouge1_kiwi"] - out["system"]["corpus"]["rouge1_kiwi"]
    )
    # The paired test's p-value is (count + 1) / (samples + 1) over the CLI's 50 resamples.
    count = paired["p_value"] * 51 - 1
    assert 0 <= round(count) <= 50 and count == pytest.approx(round(count))


def test_table_output_names_tokenizer_and_signature(files, capsys):
    assert (
        main(
            [
                "--predictions",
                str(files["p"]),
                "--references",
                str(files["r"]),
                "--tokenizer",
                "kiwi",
                "char",
                "--bootstrap",
                "0",
                "--bleu-tokenize",
                "char",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "rouge1_kiwi" in out and "rouge1_char" in out and "tok:char" in out and "kiwipiepy" in out


def test_jsonl_with_fields_and_several_references(tmp_path, capsys):
    path = tmp_path / "data.jsonl"
    rows = [{"pred": "사과 배", "refs": ["사과 배", "감"]}, {"pred": "귤", "refs": ["밤"]}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = _run_json(
        capsys,
        [
            "--predictions",
            str(path),
            "--references",
            str(path),
            "--pred-field",
            "pred",
            "--ref-field",
            "refs",
            "--tokenizer",
            "whitespace",
            "--bootstrap",
            "0",
        ],
    )
    assert out["system"]["corpus"]["rouge1_whitespace"] == pytest.approx(50.0)  # 100 (best ref) and 0


def test_mismatched_line_counts_name_the_files(files, tmp_path, capsys):
    short = tmp_path / "short.txt"
    short.write_text("하나\n둘\n", encoding="utf-8")
    assert main(["--predictions", str(files["p"]), "--references", str(short)]) == 2
    err = capsys.readouterr().err
    assert "p.txt has 3 examples but" in err and "short.txt has 2" in err and "line 3 of" in err


def test_non_utf8_names_file_line_and_fix(tmp_path):
    path = tmp_path / "cp949.txt"
    path.write_bytes("첫 줄\n".encode() + "둘째 줄".encode("cp949") + b"\n")
    with pytest.raises(InputError, match=r"cp949.txt:2: not valid UTF-8.*iconv -f CP949 -t UTF-8"):
        read_texts(path)


def test_empty_file_and_bad_jsonl(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt: file is empty"):
        read_texts(empty)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prediction": "가"}\n{"prediction": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: invalid JSON"):
        read_texts(bad, "prediction")
    missing = tmp_path / "missing.jsonl"
    missing.write_text('{"summary": "가"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"missing.jsonl:1: no field 'prediction' \(found: summary\)"):
        read_texts(missing, "prediction")


def test_crlf_bom_and_trailing_newline(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "가\r\n\r\n나\r\n".encode())
    assert read_texts(path) == ["가", "", "나"]
    check_aligned([("a", [1, 2, 3]), ("b", [4, 5, 6])])


def test_a_malformed_jsonl_line_names_the_column_where_json_broke(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prediction": "가"}\n{"prediction": "' + "나" * 370 + '" "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: invalid JSON \(Expecting ',' delimiter at column 389\)"):
        read_texts(bad, "prediction")


def test_the_score_cli_and_runs_report_bleu_under_one_default_name(tmp_path):
    """Issue 13.11: one BLEU default (char) for runs and the CLI, so a run's bleu_char meets the CLI's."""
    import inspect
    import subprocess
    import sys

    from summarizer.metrics.names import is_headline
    from summarizer.metrics.scorer import SummaryScorer
    from tests.conftest import REPO, compose_config

    predictions, references = tmp_path / "p.txt", tmp_path / "r.txt"
    predictions.write_text("정부가 예산을 늘렸다.\n", encoding="utf-8")
    references.write_text("정부가 올해 예산을 늘렸다고 밝혔다.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "summarizer.score", "--predictions", str(predictions),
                             "--references", str(references), "--json"], cwd=REPO, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    bleu_names = [name for name in json.loads(result.stdout)["system"]["corpus"] if name.startswith("bleu") and is_headline(name)]
    default = inspect.signature(SummaryScorer).parameters["bleu_tokenize"].default
    assert f"bleu_{default}" == "bleu_char" and bleu_names[0] == "bleu_char"
    assert all(name.startswith("bleu_char") for name in bleu_names)  # BLEU-1..4 beside it, one tokenizer
    from hydra.utils import instantiate

    run_scorer = instantiate(compose_config([]).metrics)  # the default run's scorer, as the pipeline builds it
    assert [name for name in run_scorer._sacrebleu.metrics if name.startswith("bleu")] == ["bleu_char"]


def test_the_cli_says_how_many_predictions_were_blank(files, capsys):
    assert main(["--predictions", str(files["p"]), "--references", str(files["r"]), "--no-chrf"]) == 0
    assert f"note: 1 of 3 predictions in {files['p']} are blank; each scores 0." in capsys.readouterr().err
