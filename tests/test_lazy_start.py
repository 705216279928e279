"""Building a cloud does only what serving its first call needs: the fleet (and faker, which names
its plants and people) and iSolarCloud's seeded RSA key wait until something asks for them (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from solarfakes.simulators.vendors import build_cloud

cloud = build_cloud()
codec = cloud.simulators["isolarcloud"].codec
seen = {"faker_at_build": "faker" in sys.modules, "key_at_build": "private_key" in vars(codec)}
cloud.credentials()
seen |= {"faker_after_credentials": "faker" in sys.modules, "key_after_credentials": "private_key" in vars(codec)}
print(json.dumps(seen))
"""


def test_building_a_cloud_defers_faker_and_the_rsa_key_until_credentials_need_them() -> None:
    # A fresh interpreter: this test process has imported faker long ago.
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout) == {
        "faker_at_build": False,
        "key_at_build": False,
        "faker_after_credentials": True,
        "key_after_credentials": True,
    }
