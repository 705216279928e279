"""Loading specs fast: the C YAML loader reads what the Python one reads, and the compiled cache
gives back the very spec a full parse builds, keyed so that any change to the inputs misses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from solarfakes.specs import loader
from solarfakes.specs.loader import API_IDS, load_spec, spec_path
from solarfakes.specs.model import PROFILES, Profile


@pytest.mark.parametrize("api", API_IDS)
def test_the_fast_yaml_loader_reads_what_the_safe_loader_reads(api: str) -> None:
    text = spec_path(api).read_text(encoding="utf-8")
    assert loader.parse_yaml(text, spec_path(api)) == yaml.safe_load(text)
    if hasattr(yaml, "CSafeLoader"):
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(loader.CACHE_ENV, str(tmp_path))
    load_spec.cache_clear()
    yield tmp_path
    load_spec.cache_clear()


@pytest.mark.parametrize("profile", PROFILES)
def test_a_cached_spec_is_the_spec_a_full_parse_builds(cache_folder: Path, profile: Profile) -> None:
    fresh = {api: load_spec(api, profile) for api in API_IDS}  # parsed in full, then written
    assert len(list(cache_folder.glob(f"*-{profile}-*.json"))) == len(API_IDS)
    load_spec.cache_clear()
    for api in API_IDS:
        key = loader.cache_key(api, profile, spec_path(api).read_text(encoding="utf-8"))
        assert loader.read_compiled(key) == fresh[api]
        assert load_spec(api, profile) == fresh[api]


def test_a_changed_input_misses_and_a_damaged_entry_is_parsed_again(cache_folder: Path) -> None:
    text = spec_path("growatt_v1").read_text(encoding="utf-8")
    key = loader.cache_key("growatt_v1", "observed", text)
    assert loader.cache_key("growatt_v1", "observed", text + "\n# edited\n") != key
    assert loader.cache_key("growatt_v1", "documented", text) != key
    spec = load_spec("growatt_v1")
    (cache_folder / key).write_text('{"api": "growatt_v1"', encoding="utf-8")  # cut short
    load_spec.cache_clear()
    assert load_spec("growatt_v1") == spec
    assert loader.read_compiled(key) == spec, "the damaged entry was written anew"


def test_an_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(loader.CACHE_ENV, "")
    assert loader.cache_dir() is None
    monkeypatch.delenv(loader.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loader.cache_dir() == tmp_path / "solarfakes" / "specs"
