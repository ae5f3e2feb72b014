"""Hub models offline: a fast, actionable error instead of ~23 s of retries and a traceback."""

from __future__ import annotations

import time

import pytest

from summarizer import hub
from summarizer.errors import HubUnavailableError, SummarizerError
from summarizer.hub import resolve_model_path


@pytest.fixture
def hub_unreachable(monkeypatch):
    monkeypatch.setattr(hub, "_probe_hub", lambda: "ConnectError: [Errno -2] Name or service not known")
    monkeypatch.setattr(hub, "try_to_load_from_cache", lambda repo_id, filename, **kwargs: None)


def test_unreachable_hub_names_the_model_and_the_ways_forward(hub_unreachable):
    with pytest.raises(HubUnavailableError) as error:
        resolve_model_path("gogamza/kobart-base-v2")
    message = str(error.value)
    assert "gogamza/kobart-base-v2" in message
    assert "unreachable" in message
    assert "model.name_or_path=" in message
    assert "HF_HUB_OFFLINE=1" in message


def test_a_cached_model_is_used_offline_when_the_hub_is_unreachable(monkeypatch):
    monkeypatch.setattr(hub, "_probe_hub", lambda: "ConnectError")
    monkeypatch.setattr(hub, "try_to_load_from_cache", lambda repo_id, filename, **kwargs: "/cache/config.json")
    assert resolve_model_path("gogamza/kobart-base-v2").local_files_only is True


def test_hf_hub_offline_without_a_cache_fails_without_probing(monkeypatch):
    monkeypatch.setattr(hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub, "try_to_load_from_cache", lambda repo_id, filename, **kwargs: None)
    monkeypatch.setattr(hub, "_probe_hub", lambda: pytest.fail("probed the network despite HF_HUB_OFFLINE"))
    with pytest.raises(HubUnavailableError, match="HF_HUB_OFFLINE is set"):
        resolve_model_path("KETI-AIR/ke-t5-small")


def test_the_real_probe_on_this_offline_machine_answers_fast():
    """No network in CI: the probe must fail in seconds, not after retries (skipped if online)."""
    started = time.monotonic()
    reason = hub._probe_hub()
    elapsed = time.monotonic() - started
    if reason is None:
        pytest.skip("the Hub is reachable from this machine")
    assert elapsed < hub.PROBE_TIMEOUT_S + 1


def test_local_model_directory_and_run_directory(tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")
    assert resolve_model_path(str(tmp_path)).path == str(tmp_path / "model")
    assert resolve_model_path(str(tmp_path / "model")).path == str(tmp_path / "model")


def test_a_directory_without_a_model_and_a_missing_path_are_clear_errors(tmp_path):
    with pytest.raises(SummarizerError, match="without config.json"):
        resolve_model_path(str(tmp_path))
    with pytest.raises(SummarizerError, match="no such directory"):
        resolve_model_path(str(tmp_path / "nope"))


def _fake_hub_cache(root, repo_id: str, repo_type: str, filename: str) -> None:
    """The layout huggingface_hub writes: <type>s--<owner>--<name>/refs/main and snapshots/<commit>/<file>."""
    repo = root / f"{repo_type}s--{repo_id.replace('/', '--')}"
    commit = "0" * 40
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    (repo / "snapshots" / commit).mkdir(parents=True)
    (repo / "snapshots" / commit / filename).write_text("---\n")


def test_a_cached_dataset_is_found_offline_by_its_repo_type_and_card(monkeypatch, tmp_path):
    name = "daekeun-ml/naver-news-summarization-ko"
    _fake_hub_cache(tmp_path, name, "dataset", "README.md")
    monkeypatch.setattr(hub.constants, "HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setattr(hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub, "_probe_hub", lambda: pytest.fail("probed the network despite HF_HUB_OFFLINE"))
    assert hub.hub_reachable(name, repo_type="dataset") is False  # cached: load it from the cache
    # The same name as a model is not in the cache.
    with pytest.raises(HubUnavailableError, match=f"Cannot load the model '{name}'"):
        hub.hub_reachable(name)


def test_unknown_repo_type_is_a_clear_error():
    with pytest.raises(ValueError, match="repo_type='space'"):
        hub.hub_reachable("someone/app", repo_type="space")
