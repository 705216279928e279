"""The faker tape answers what a seeded faker answers, from the compiled cache where a run drew it, and
hands over to a real faker wherever the calls leave the tape (issue 11: a start without faker)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from faker import Faker

from solarfakes.simulators.faker_tape import FakerTape
from solarfakes.simulators.world import faker_prototype, seeded_faker_of
from solarfakes.specs import loader

SEED = repr((3, "growatt_v1"))


def fleet_draws(fake: Any, countries: tuple[str, ...] = ("DE", "AU", "NL")) -> list[object]:
    return [answer for country in countries for answer in (fake.local_latlng(country_code=country), fake.last_name())]


def user_draws(fake: Any) -> list[object]:
    return [fake.email(), fake.user_name(), fake.msisdn()]


def real() -> Faker:
    fake = Faker(["en_US"])
    fake.seed_instance(SEED)
    return fake


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(loader.CACHE_ENV, str(tmp_path))
    return tmp_path


class CountingMaker:
    def __init__(self) -> None:
        self.made = 0

    def __call__(self, seed: str) -> Faker:
        self.made += 1
        return seeded_faker_of(seed)


def kept_tape(variant: str = "plants=3") -> None:
    first = FakerTape(SEED, seeded_faker_of, variant=variant)
    fleet_draws(first)
    first.keep()
    user_draws(first)
    first.keep()


def test_a_tape_answers_as_a_seeded_faker_and_a_later_run_needs_no_faker(cache: Path) -> None:
    expected = real()
    wanted = fleet_draws(expected) + user_draws(expected)
    kept_tape()
    maker = CountingMaker()
    second = FakerTape(SEED, maker, variant="plants=3")
    assert fleet_draws(second) + user_draws(second) == wanted
    assert maker.made == 0
    assert isinstance(wanted[0], tuple)  # local_latlng's tuple comes back a tuple, not JSON's list


def test_past_the_tape_a_real_faker_goes_on_where_the_seeded_faker_would_be(cache: Path) -> None:
    expected = real()
    fleet_draws(expected), user_draws(expected)
    after = [expected.email(), expected.local_latlng(country_code="US")]
    kept_tape()
    maker = CountingMaker()
    second = FakerTape(SEED, maker, variant="plants=3")
    fleet_draws(second), user_draws(second)
    assert [second.email(), second.local_latlng(country_code="US")] == after
    assert maker.made == 1
    assert second.random_state() == expected.random.getstate()


def test_calls_that_leave_the_tape_get_a_real_faker_s_answers(cache: Path) -> None:
    kept_tape()
    expected = real()
    wanted = fleet_draws(expected, ("DE", "FR")) + user_draws(expected)
    second = FakerTape(SEED, seeded_faker_of, variant="plants=3")
    assert fleet_draws(second, ("DE", "FR")) + user_draws(second) == wanted
    second.keep()  # the changed calls are the tape now
    third = FakerTape(SEED, CountingMaker(), variant="plants=3")
    assert fleet_draws(third, ("DE", "FR")) + user_draws(third) == wanted


def test_each_seed_and_variant_has_a_tape_of_its_own_and_no_cache_means_live(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_tape("plants=3")
    kept_tape("plants=4")
    assert len(list(cache.glob("faker-*.json"))) == 2
    other = FakerTape(repr((4, "growatt_v1")), seeded_faker_of, variant="plants=3")
    fresh = Faker(["en_US"])
    fresh.seed_instance(repr((4, "growatt_v1")))
    assert fleet_draws(other) == fleet_draws(fresh)
    monkeypatch.setenv(loader.CACHE_ENV, "")
    maker = CountingMaker()
    assert fleet_draws(FakerTape(SEED, maker)) == fleet_draws(real())
    assert maker.made == 1


def test_a_torn_tape_is_drawn_again(cache: Path) -> None:
    kept_tape()
    [file] = cache.glob("faker-*.json")
    file.write_text('[["not a call"')
    assert fleet_draws(FakerTape(SEED, seeded_faker_of, variant="plants=3")) == fleet_draws(real())


def test_a_resumed_tape_answers_from_its_faker_and_keeps_nothing(cache: Path) -> None:
    fake = copy.deepcopy(faker_prototype())
    fake.seed_instance(SEED)
    tape = FakerTape.resumed(fake)
    assert fleet_draws(tape) == fleet_draws(real())
    tape.keep()
    assert not list(cache.glob("faker-*.json"))


def test_cache_entry_names_differ_by_every_part_and_keep_their_prefix() -> None:
    from solarfakes.simulators.drawn_credentials import cache_entry_name, entry_name

    modules = ("solarfakes.simulators.faker_tape",)
    names = {cache_entry_name("faker", modules, *parts) for parts in [("a", "b"), ("a", "c"), ("b", "a"), ("a|b",)]}
    assert len(names) == 4  # ("a", "b") and ("a|b",) too
    assert all(n.startswith("faker-") and n.endswith(".json") for n in names)
    assert cache_entry_name("faker", modules, "a", "b") == cache_entry_name("faker", modules, "a", "b")
    assert entry_name(3, "growatt_v1", modules).startswith("credentials-growatt_v1-")
    assert entry_name(3, "growatt_v1", modules) != entry_name("3", "growatt_v1", modules)  # the seed's repr counts
