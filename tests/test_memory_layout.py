"""Per-device records of a big fleet are slotted; a state snapshot written before still loads."""

from __future__ import annotations

import pickle
from typing import Any

from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, index_devices
from solarfakes.simulators.world import World


class OldIsoDevicePickle:
    """Loads as IsoDevice pickled without slots did: an instance of the class made anew, then its fields
    given as a dict."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state

    def __reduce__(self) -> tuple[Any, ...]:
        return object.__new__, (IsoDevice,), self.state


def test_an_isolarcloud_device_has_no_dict_and_round_trips_through_a_snapshot() -> None:
    world = World(seed=1, plants=4, layouts={api: vendor.layout for api, vendor in VENDORS.items()})
    devices = index_devices(world)
    device = next(d for d in devices.values() if d.device is not None)
    assert not hasattr(device, "__dict__")
    again = pickle.loads(pickle.dumps(device))
    assert again == device
    assert again.ps_key == device.ps_key


def test_an_isolarcloud_device_pickled_before_its_slots_loads_with_its_fields() -> None:
    state = {"plant": None, "device": None, "device_type": 11, "device_code": 0, "chnnl_id": 0, "uuid": 1_000_007}
    loaded = pickle.loads(pickle.dumps(OldIsoDevicePickle(state)))
    assert isinstance(loaded, IsoDevice)
    assert loaded == IsoDevice(None, None, 11, 0, 0, 1_000_007)  # type: ignore[arg-type]
