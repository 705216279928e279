"""Loading specs fast: the C YAML loader reads what the Python one reads, and the compiled cache
gives back the very spec a full parse builds, keyed so that any change to the inputs misses."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

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
    assert len(list(cache_folder.glob(f"*-{profile}-*.pickle"))) == len(API_IDS)
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
    whole = (cache_folder / key).read_bytes()
    for damaged in [whole[: len(whole) // 2], pickle.dumps({"api": "growatt_v1"}), b'{"api": "growatt_v1"}']:
        (cache_folder / key).write_bytes(damaged)  # cut short, not a spec, not a pickle
        load_spec.cache_clear()
        assert load_spec("growatt_v1") == spec
        assert loader.read_compiled(key) == spec, "the damaged entry was written anew"


READ_FROM_CACHE = """
import json, sys
from solarfakes.specs.loader import API_IDS, load_spec
from solarfakes.specs.model import Spec
specs = [load_spec(api) for api in API_IDS]
print(json.dumps({"validator_built": Spec.__pydantic_complete__, "endpoints": sum(len(s.endpoints) for s in specs)}))
"""


def test_a_spec_read_from_the_cache_builds_no_validator(cache_folder: Path) -> None:
    # A fresh interpreter: this one has validated specs long ago. The first run fills the cache.
    runs = [
        subprocess.run([sys.executable, "-c", READ_FROM_CACHE], capture_output=True, text=True, timeout=120, check=True)
        for _ in range(2)
    ]
    first, second = (json.loads(run.stdout) for run in runs)
    assert first["validator_built"] is True  # parsed in full and checked
    assert second == {"validator_built": False, "endpoints": first["endpoints"]}


def test_an_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(loader.CACHE_ENV, "")
    assert loader.cache_dir() is None
    monkeypatch.delenv(loader.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loader.cache_dir() == tmp_path / "solarfakes" / "specs"


def models_of(node: object) -> Iterator[BaseModel]:
    if isinstance(node, BaseModel):
        yield node
        node = list(node.__dict__.values())
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list | tuple):
        for value in node:
            yield from models_of(value)


@pytest.mark.parametrize("api", API_IDS)
def test_a_cached_spec_keeps_each_model_s_set_fields_in_sets_it_shares(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch, api: str
) -> None:
    load_spec(api)  # written to the cache
    load_spec.cache_clear()
    cached = list(models_of(load_spec(api)))
    monkeypatch.setenv(loader.CACHE_ENV, "")
    load_spec.cache_clear()
    parsed = list(models_of(load_spec(api)))  # in full, nothing shared
    assert [m.model_fields_set for m in cached] == [m.model_fields_set for m in parsed]
    assert len({id(m.model_fields_set) for m in cached}) < len(cached) / 4
    first, *_ = cached
    copied = first.model_copy(update={"note": "changed"})
    assert "note" in copied.model_fields_set
    assert [m.model_fields_set for m in cached] == [m.model_fields_set for m in parsed], "a copy shares no set"


def texts_of(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, BaseModel):
        yield from texts_of(list(node.__dict__.values()))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from texts_of(key)
            yield from texts_of(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from texts_of(value)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("api", API_IDS)
def test_a_spec_with_its_repeats_shared_is_the_spec_parsed_and_keeps_each_text_once(
    cache_folder: Path, api: str, profile: Profile
) -> None:
    def parsed() -> object:
        return loader.parse_spec(loader.raw_spec(api), profile, f"specs/{api}.yaml")

    plain, shared = parsed(), loader.share_repeats(parsed())
    assert shared == plain
    assert shared.model_dump(by_alias=True) == plain.model_dump(by_alias=True)  # type: ignore[attr-defined]
    assert list(texts_of(shared)) == list(texts_of(plain))
    assert len({id(text) for text in texts_of(plain)}) > len(set(texts_of(plain)))  # repeats to share
    load_spec(api, profile)  # written to the cache
    load_spec.cache_clear()
    for spec in (shared, load_spec(api, profile)):
        assert spec == plain
        texts = list(texts_of(spec))
        assert len({id(text) for text in texts}) == len(set(texts)), "each text is one object"
