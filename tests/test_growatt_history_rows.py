"""Growatt's inverter history rows (device/inverter/data) are built from a reading's own figures, not
from the whole real-time record: each row is the record's fields under the row's names, and reading a
week of history leaves the real-time records' kept noise as it was."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.day_rows import KEPT
from solarfakes.simulators.physics import UNIT_STEP, seeded_units
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.history import settings_key
from solarfakes.simulators.vendors.growatt.output import LIMITING_SETTINGS
from solarfakes.simulators.vendors.growatt.readings import Reading, day_readings
from solarfakes.simulators.vendors.growatt.records import (
    InverterHistoryRow,
    inverter_record,
    row_noise_words,
    slot_noise,
)
from solarfakes.simulators.world import Device, Plant


def record_row(plant: Plant, device: Device, reading: Reading, zone: ZoneInfo, observed: bool) -> dict[str, Any]:
    """The row as it was made from the full real-time record."""
    record = inverter_record(plant, device, reading)
    row = {"ipv1": record["ipv1"], "ipv2": record["ipv2"], "vpv1": record["vpv1"], "vpv2": record["vpv2"],
           "iac1": record["iacr"], "iac2": 0.0, "iac3": 0.0, "vac1": record["vacr"], "vac2": 0.0, "vac3": 0.0,
           "power": record["pac"], "today_energy": record["powerToday"], "total_energy": record["powerTotal"],
           "temperature": record["temperature"], "fac": record["fac"], "power_factor": 1.0,
           "time": reading.slot.start.astimezone(zone)}  # fmt: skip
    return row | ({"ipv3": 0.0, "vpv3": 0.0} if observed else {})


@pytest.mark.parametrize("observed", [True, False])
def test_a_history_row_is_the_records_fields(observed: bool) -> None:
    cloud = build_cloud(["growatt_v1"], plants=3, clock=SimClock.from_option("frozen@2026-03-20T00:00:00+00:00"))
    backend = growatt(cloud.simulator("growatt_v1"))
    now = datetime.fromisoformat("2026-03-31T09:00:00+00:00")  # the week takes in a change to summer time
    for plant in backend.fleet.values():  # the offline plant too
        for device in plant.devices_of("inverter"):
            for zone in (ZoneInfo(plant.timezone), ZoneInfo("Asia/Kolkata")):
                row = InverterHistoryRow(device, zone, observed)
                for n in range(7, -1, -1):  # whole days, then today so far
                    for reading in day_readings(backend, plant, device, (now - timedelta(days=n)).date(), now):
                        assert row(reading) == record_row(plant, device, reading, zone, observed), reading.slot.start


def test_history_leaves_the_real_time_noise_kept(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    inverter = growatt_cloud.credentials["device_sns"][0]
    answer = growatt.get("/v1/device/inverter/last_new_data", params={"device_sn": inverter})
    assert answer.status_code == 200, answer.text
    assert answer.json()["error_code"] == 0, answer.text
    kept = slot_noise.cache_info()
    KEPT.clear()  # the days' rows are built, not read back
    params = {"device_sn": inverter, "start_date": "2026-06-12", "end_date": "2026-06-18", "perpage": 100}
    for page in (1, 11, 21):
        answer = growatt.get("/v1/device/inverter/data", params={**params, "page": page})
        assert answer.status_code == 200, answer.text
        assert answer.json()["error_code"] == 0, answer.text
        assert answer.json()["data"]["datas"], page
    assert slot_noise.cache_info() == kept


def test_a_settings_key_is_the_same_with_no_writes_at_all_or_none_of_its_names() -> None:
    """``settings_key`` of a device nothing was written to (its kept rows' key, worked out on every page)
    is the key the written form makes of no writes, and changes once one of its names is written."""
    cloud = build_cloud(["growatt_v1"], plants=2, clock=SimClock.from_option("frozen@2026-03-20T00:00:00+00:00"))
    backend = growatt(cloud.simulator("growatt_v1"))
    device = next(d for plant in backend.fleet.values() for d in plant.devices_of("inverter"))
    unwritten = (device.sn, (("pv_on_off", ()), ("pv_active_p_rate", ())))
    assert settings_key(backend, device, LIMITING_SETTINGS) == unwritten
    made = datetime.fromisoformat("2026-03-19T09:00:00+00:00")
    backend.write_setting(device.sn, "storage_cmd_on_off", made, ["0000"])
    assert settings_key(backend, device, LIMITING_SETTINGS) == unwritten
    backend.write_setting(device.sn, "pv_active_p_rate", made, ["40"])
    assert settings_key(backend, device, LIMITING_SETTINGS) != unwritten


@pytest.mark.parametrize(
    "texts", [[], ["2026-06-21T10:05:00+02:00"], [f"2026-06-21T{h:02d}:00:00+02:00" for h in range(24)]]
)
def test_row_noise_words_are_the_first_four_seeded_units_of_each_text(texts: list[str]) -> None:
    """Each row's words, from the device prefix's hash state copied, are those of hashing the joined text."""
    columns = row_noise_words("ABC1234567|", texts)
    assert len(columns) == 4
    assert all(len(column) == len(texts) for column in columns)
    for n, text in enumerate(texts):
        units = [(column[n] >> 11) * UNIT_STEP for column in columns]
        assert units == seeded_units("ABC1234567|" + text, 6)[:4]
