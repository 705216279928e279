"""An ECU's finished day of minutely telemetry written as bytes at once (``system.minutely_json``) is what
the shape and encode steps write of the day's answer built as today's is (``system.minutely``): byte for
byte, for exact and estimated days, days whose clock changes, today so far, and every ECU's share; and over
HTTP, answers kept so equal answers built on every call."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from test_day_rows import exchange, make_cloud, session

from solarfakes.simulators import day_rows
from solarfakes.simulators.bench.calls import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.shape import conformer
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.backend import aps
from solarfakes.simulators.vendors.apsystems.energy import PvHistory
from solarfakes.simulators.vendors.apsystems.system import keeps_minutely_texts, minutely, minutely_json
from solarfakes.simulators.world import World
from solarfakes.specs.loader import load_spec

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
NOW = datetime(2026, 10, 28, 12, tzinfo=UTC)
# estimated days (one holds Europe's change back to winter time, one America's forward), the reference
# date's exact day, today so far, a far day
DAYS = [
    date(2026, 10, 20),
    date(2026, 10, 25),
    date(2026, 3, 8),
    date(2026, 10, 27),
    date(2026, 10, 28),
    date(2019, 6, 1),
]


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_minutely_json_is_the_shaped_and_encoded_answer(profile: str) -> None:
    schema = day_rows.row_schema(load_spec("apsystems_openapi", profile).endpoint("ecu_energy"))
    assert keeps_minutely_texts(schema), "the answer is written so in this profile"
    assert schema is not None
    shape = conformer(schema)
    world = World(seed=9, plants=12, reference=date(2026, 10, 27), layouts=LAYOUTS)
    written = 0
    for plant in world.fleet("apsystems_openapi").values():
        history = PvHistory(plant, NOW)
        for share in (1.0, 0.25, 1 / 3):
            for day in DAYS:
                try:
                    expected = day_rows.encoded(shape(minutely(history, share, day)))
                except VendorError:
                    with pytest.raises(VendorError):
                        minutely_json(history, share, day)
                    continue
                assert minutely_json(history, share, day) == expected, (plant.key, share, day)
                written += 1
    assert written > 100


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_kept_minutely_days_answer_the_bytes_of_days_built_on_every_call(profile: str) -> None:
    """Every ECU's week of minutely telemetry, over a week whose clock changes in Europe: kept (written as
    bytes at once), read back as kept, and built as today is, the same bytes."""
    cloud = make_cloud("apsystems_openapi", profile)
    cloud.clock.set(NOW)
    driver = session(cloud, "apsystems_openapi")
    days = [(NOW - timedelta(days=n)).date().isoformat() for n in range(8, -1, -1)]
    systems = aps(cloud.simulator("apsystems_openapi")).systems
    calls = [
        Call("ecu_energy", {"sid": ref["sid"], "eid": ecu.eid, "energy_level": "minutely", "date_range": day})
        for ref in driver.plant_refs()
        for ecu in systems[ref["sid"]].ecus
        for day in days
    ]

    def written(keep: bool) -> list[bytes]:
        day_rows.KEEP_FINISHED_DAYS = keep
        try:
            day_rows.KEPT.clear()
            return [exchange(cloud, [driver.raw(call)])[0] for _ in range(2) for call in calls]
        finally:
            day_rows.KEEP_FINISHED_DAYS = True

    kept = written(keep=True)
    assert sum(b'"code":0' in body for body in kept) > len(calls), kept[0][:200]
    assert kept == written(keep=False)
