"""Building a cloud does only what serving its first call needs: the fleet (and faker, which names
its plants and people) and iSolarCloud's seeded RSA key wait until something asks for them, and the
key, once drawn, comes from the compiled cache (issue 11)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from solarfakes.simulators.core.codecs.rsa_aes import server_key, server_public_key_pem
from solarfakes.simulators.world import faker_prototype
from solarfakes.specs import crypto, loader

PROBE = """
import json, sys
from solarfakes.simulators.vendors import build_cloud

cloud = build_cloud()
codec = cloud.simulators["isolarcloud"].codec
seen = {"faker_at_build": "faker" in sys.modules, "key_at_build": "private_key" in vars(codec)}
cloud.credentials()
seen |= {"faker_after_credentials": "faker" in sys.modules, "key_after_credentials": "private_key" in vars(codec),
         "cryptography_after_credentials": "cryptography" in sys.modules}
print(json.dumps(seen))
"""


def test_building_a_cloud_defers_faker_and_the_rsa_key_and_a_second_process_needs_neither(key_cache: Path) -> None:
    # Fresh interpreters: this test process has imported faker long ago. The first fills the key cache.
    env = {**os.environ, loader.CACHE_ENV: str(key_cache)}
    subprocess.run([sys.executable, "-c", "from solarfakes.simulators.vendors import build_cloud; build_cloud().credentials()"],
                   env=env, capture_output=True, timeout=120, check=True)  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == {
        "faker_at_build": False,
        "key_at_build": False,
        "faker_after_credentials": False,  # the fleets' names come from the first process's faker tapes
        "key_after_credentials": False,  # the public key shown comes from the cache
        "cryptography_after_credentials": False,
    }


@pytest.fixture
def key_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(loader.CACHE_ENV, str(tmp_path))
    server_key.cache_clear()
    server_public_key_pem.cache_clear()
    yield tmp_path
    server_key.cache_clear()
    server_public_key_pem.cache_clear()


def numbers(key: rsa.RSAPrivateKey) -> tuple[int, int, int]:
    private = key.private_numbers()
    return private.p, private.q, private.public_numbers.n


def test_the_seeded_server_key_comes_back_from_the_cache_as_drawn(key_cache: Path) -> None:
    drawn = numbers(crypto.rsa_key_from_seed("solarfakes server key (7, 'isolarcloud')"))
    assert numbers(server_key((7, "isolarcloud"))) == drawn  # drawn, then written
    [file] = key_cache.glob("rsa-*.pem")
    server_key.cache_clear()
    assert numbers(server_key((7, "isolarcloud"))) == drawn  # read back
    assert numbers(server_key((8, "isolarcloud"))) != drawn
    assert len(list(key_cache.glob("rsa-*.pem"))) == 2
    file.write_bytes(b"-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n")
    server_key.cache_clear()
    assert numbers(server_key((7, "isolarcloud"))) == drawn  # a broken file is drawn again and rewritten
    assert numbers(crypto.load_private_key_pem(file.read_bytes())) == drawn


def test_without_a_cache_the_server_key_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(loader.CACHE_ENV, "")
    server_key.cache_clear()
    try:
        assert numbers(server_key((1, "isolarcloud"))) == numbers(
            crypto.rsa_key_from_seed("solarfakes server key (1, 'isolarcloud')")
        )
    finally:
        server_key.cache_clear()


def test_a_seeded_copy_of_the_faker_prototype_draws_what_a_new_seeded_faker_draws() -> None:
    from faker import Faker

    def draws(fake: Faker) -> list[object]:
        return [fake.local_latlng(country_code="DE"), fake.last_name(), fake.user_name(), fake.password(length=12),
                fake.email(), fake.msisdn(), fake.name(), fake.local_latlng(country_code="AU")]  # fmt: skip

    for seed in [repr((1, "growatt_v1")), repr((2, "isolarcloud"))]:
        fresh = Faker(["en_US"])
        fresh.seed_instance(seed)
        copied = copy.deepcopy(faker_prototype())
        copied.seed_instance(seed)
        assert draws(copied) == draws(fresh)


def test_the_public_key_shown_is_the_server_key_s_and_comes_back_from_the_cache(key_cache: Path) -> None:
    pem = crypto.public_key_pem(crypto.rsa_key_from_seed("solarfakes server key (7, 'isolarcloud')"))
    assert server_public_key_pem((7, "isolarcloud")) == pem
    [file] = key_cache.glob("rsa-*-public.pem")
    server_public_key_pem.cache_clear()
    server_key.cache_clear()
    assert server_public_key_pem((7, "isolarcloud")) == pem
    file.write_bytes(pem.encode()[:40])  # a torn file is made again
    server_public_key_pem.cache_clear()
    assert server_public_key_pem((7, "isolarcloud")) == pem
    assert file.read_text() == pem


ACCOUNTS_PROBE = """
import json, sys
from solarfakes.simulators.vendors import build_cloud

cloud = build_cloud(plants=10_000)
accounts = {api: [a.credentials for a in cloud.world.accounts_of(api)] for api in cloud.simulators}
print(json.dumps({"accounts": accounts, "fleets_built": sorted(cloud.world.fleets), "faker": "faker" in sys.modules}))
"""


def test_accounts_need_no_fleet_and_come_back_from_the_cache_without_faker(key_cache: Path) -> None:
    """What `serve` shows before it listens: with 10,000 plants per API it must not wait for a fleet."""
    env = {**os.environ, loader.CACHE_ENV: str(key_cache)}
    first, second = (
        json.loads(subprocess.run([sys.executable, "-c", ACCOUNTS_PROBE], env=env, capture_output=True, text=True,
                                  timeout=120, check=True).stdout)
        for _ in range(2)
    )  # fmt: skip
    assert first["fleets_built"] == second["fleets_built"] == []
    assert first["faker"] is True  # drawn, then written to the cache
    assert second["faker"] is False
    assert second["accounts"] == first["accounts"]
    assert len(list(key_cache.glob("credentials-*.json"))) == len(first["accounts"])
