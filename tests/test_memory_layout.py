"""Per-plant and per-device records of a big fleet are slotted; a state snapshot written before still loads."""

from __future__ import annotations

import gc
import io
import pickle
import sys
from collections import deque
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import Any

from solarfakes.simulators import world as world_module
from solarfakes.simulators.core.state_snapshot import (
    SnapshotPickler,
    SnapshotUnpickler,
    changed_layouts,
    layout_of,
    rebuilt_plant,
)
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.backend import System, SystemIndex, system_of
from solarfakes.simulators.vendors.apsystems.fleet import system_id
from solarfakes.simulators.vendors.growatt.backend import PlantRecord
from solarfakes.simulators.vendors.isolarcloud.backend import DeviceIndex, IsoDevice, index_devices
from solarfakes.simulators.world import DEVICE_FIELDS, Device, DeviceList, InstantMemo, PlantFigures, World


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


def small_world() -> World:
    return World(seed=1, plants=4, layouts={api: vendor.layout for api, vendor in VENDORS.items()})


def test_a_plant_has_no_dict_and_keeps_its_worked_out_figures() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    assert not hasattr(plant, "__dict__")
    assert plant.model is plant.model
    assert plant.pv_calendar is plant.pv_calendar
    assert plant.prehistory_kwh == plant.prehistory_kwh > 0
    assert plant.window_estimate == plant.window_estimate > 0


def test_a_plant_state_written_while_plants_had_a_dict_loads_with_its_fields() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    old_state = {name: getattr(plant, name) for name in ("plant_id", "api", "account", "name", "city", "country")}
    old_state |= {name: getattr(plant, name) for name in ("latitude", "longitude", "timezone", "peak_kw")}
    old_state |= {name: getattr(plant, name) for name in ("commissioned", "base_load_w", "battery", "key")}
    # caches a plant's dict held then, with figures this code must work out anew, not take
    old_state |= {"prehistory_kwh": -1.0, "window_estimate": -1, "instant_memo": InstantMemo()}
    loaded = rebuilt_plant(old_state)
    assert loaded.devices == []  # a field the state lacks takes its default
    assert loaded.online
    assert replace(loaded, devices=plant.devices) == plant
    assert loaded.prehistory_kwh == plant.prehistory_kwh
    assert loaded.window_estimate == plant.window_estimate


def test_isolarcloud_devices_are_found_by_their_very_ps_key_in_fleet_order() -> None:
    world = small_world()
    index = index_devices(world)
    by_key = {device.ps_key: device for device in index.values()}
    assert len(by_key) == len(index) == sum(len(p.devices) + 1 for p in world.fleet("isolarcloud").values())
    assert list(index) == list(by_key)
    # made when asked: an equal entry each time, not the very object
    assert all(index[key] == device for key, device in by_key.items())
    first = next(iter(by_key))
    for missing in (f"0{first}", first.replace("_", "-"), "", "x_1_0_0", f"{first}_"):
        assert index.get(missing) is None
        assert missing not in index


def walked_isolarcloud_devices(world: World) -> list[IsoDevice]:
    """Every plant and device as iSolarCloud numbers them, by a walk of the fleet (the index's oracle)."""
    made = []
    uuid = 1_000_000 + world.rng("isolarcloud", "uuid").randrange(8_000_000)
    for plant in world.fleet("isolarcloud").values():
        made.append(IsoDevice(plant, None, 11, 0, 0, uuid))
        uuid += 1
        counts: dict[int, int] = {}
        for device in plant.devices:
            kind = {"inverter": 1, "storage": 14, "meter": 7, "datalogger": 22}[device.kind]
            counts[kind] = counts.get(kind, 0) + 1
            made.append(IsoDevice(plant, device, kind, counts[kind], 1, uuid))
            uuid += 1
    return made


def test_the_isolarcloud_index_keeps_a_uuid_per_plant_and_makes_the_devices_a_walk_makes() -> None:
    world = small_world()
    index = index_devices(world)
    walked = walked_isolarcloud_devices(world)
    assert list(index.values()) == walked
    assert [index[d.ps_key] for d in walked] == walked
    assert sorted(index.first_uuids.values()) == [d.uuid for d in walked if d.device is None]
    assert not any(isinstance(v, IsoDevice) for v in vars(index).values())
    plant = next(iter(world.fleet("isolarcloud").values()))
    assert list(index.of_plant(plant.plant_id)) == [d for d in walked if d.plant is plant]
    assert index.of_plant(-1) == ()


def test_an_isolarcloud_index_pickled_while_it_kept_every_entry_loads_and_answers_alike() -> None:
    world = small_world()
    index = index_devices(world)
    by_plant = {plant_id: index.of_plant(plant_id) for plant_id in index.first_uuids}
    loaded = pickle.loads(pickle.dumps(OldPickle(DeviceIndex, {"by_plant": by_plant, "count": len(index)})))
    assert type(loaded) is DeviceIndex
    assert list(loaded.values()) == list(index.values())
    assert len(loaded) == len(index)
    assert all(loaded[d.ps_key] == d for d in index.values())
    assert list(through_a_snapshot(world, index).values()) == list(index.values())


def test_apsystems_systems_are_made_by_sid_from_their_plant_as_a_dict_of_systems_held_them() -> None:
    world = small_world()
    plants = list(world.fleet("apsystems_openapi").values())
    held = {system.sid: system for system in map(system_of, plants)}
    index = SystemIndex({system_id(plant): plant for plant in plants})
    assert list(index) == list(held)
    assert list(index.values()) == list(held.values())
    assert all(index[sid] == system for sid, system in held.items())
    assert index.get("AZ0000000000") is None
    assert "AZ0000000000" not in index
    assert all(sid in index for sid in held)
    assert not any(isinstance(v, System) for v in index.plants.values())
    assert list(through_a_snapshot(world, index).values()) == list(held.values())


def through_a_snapshot(world: World, made: Any) -> Any:
    """``made`` written and read back as a state snapshot writes it (its fleet by its plants)."""
    buffer = io.BytesIO()
    SnapshotPickler(buffer, world).dump(made)
    return SnapshotUnpickler(io.BytesIO(buffer.getvalue()), world).load()


class OldPickle:
    """Loads as a record of ``cls`` pickled before its slots did: made anew, then its fields as a dict."""

    def __init__(self, cls: type, state: dict[str, Any]) -> None:
        self.cls, self.state = cls, state

    def __reduce__(self) -> tuple[Any, ...]:
        return object.__new__, (self.cls,), self.state


def test_apsystems_systems_and_growatt_records_are_slotted_and_load_from_before_their_slots() -> None:
    world = small_world()
    system = system_of(next(iter(world.fleet("apsystems_openapi").values())))
    record = PlantRecord(c_user_id=7, currency="2", latitude=-0.0)
    for made in (system, system.ecus[0], record):
        assert not hasattr(made, "__dict__")
        again = pickle.loads(pickle.dumps(made))
        assert again == made
        old = pickle.loads(pickle.dumps(OldPickle(type(made), {f.name: getattr(made, f.name) for f in fields(made)})))
        assert type(old) is type(made)
        assert old == made
    assert str(pickle.loads(pickle.dumps(record)).latitude) == "-0.0"


def test_a_plant_read_on_one_day_keeps_its_lifetime_counter_without_a_dict() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    first, second = date(2026, 6, 15), date(2026, 6, 16)
    assert plant.counter(first) is plant.counter(first) == plant.count_to(first)
    assert plant.day_counters is None
    assert plant.counter(second) is plant.counter(second) == plant.count_to(second)
    assert plant.day_counters == {second: plant.count_to(second)}
    assert plant.counter(first) == plant.count_to(first)


def test_plants_of_one_city_share_its_name_and_zone_texts() -> None:
    world = World(seed=1, plants=40, layouts={api: vendor.layout for api, vendor in VENDORS.items()})
    by_city: dict[tuple[str, str], list[Any]] = {}
    for plant in world.fleet("growatt_v1").values():
        by_city.setdefault((plant.city, plant.timezone), []).append(plant)
    alike = [plants for plants in by_city.values() if len(plants) > 1]
    assert alike, "40 plants over eight countries' cities repeat a city"
    for plants in alike:
        assert all(p.city is plants[0].city and p.timezone is plants[0].timezone for p in plants)


def test_only_the_plants_last_given_figures_keep_them_and_the_others_work_them_out_alike(monkeypatch: Any) -> None:
    from solarfakes.simulators import world as world_module

    monkeypatch.setattr(world_module, "PLANTS_FIGURED", 3)
    monkeypatch.setattr(world_module, "FIGURED_PLANTS", world_module.deque())
    plants = list(small_world().fleet("alphaess_openapi").values())
    noon = datetime(2026, 6, 21, 12, tzinfo=UTC)
    first = [(p.model, p.lifetime_pv_kwh(noon), p.prehistory_kwh, p.window_estimate) for p in plants]
    assert len(world_module.FIGURED_PLANTS) == 3
    assert [p.holds_figures() for p in plants] == [False, False, False, True, True, True]  # six plants, three kept
    again = [(p.model, p.lifetime_pv_kwh(noon), p.prehistory_kwh, p.window_estimate) for p in plants]
    assert again == first
    assert [p.holds_figures() for p in plants] == [False, False, False, True, True, True]
    assert len(world_module.FIGURED_PLANTS) == 3


def test_a_device_is_found_by_its_serial_as_a_walk_of_the_fleet_finds_it() -> None:
    fleet = World(seed=3, plants=30, layouts={api: vendor.layout for api, vendor in VENDORS.items()}).fleet(
        "apsystems_openapi"
    )
    walked = {device.sn: (plant, device) for plant in fleet.values() for device in plant.devices}
    for sn, (plant, device) in walked.items():
        found = fleet.device(sn)
        assert found is not None
        assert found[0] is plant
        assert found[1] is device
    for unknown in ("", "0", "~", min(walked) + "0", max(walked) + "0"):
        assert fleet.device(unknown) is None
    # each plant's device list is of its very length (a list grown by appends has room to spare)
    assert all(room_to_spare(plant.devices) == 0 for plant in fleet.values())


def room_to_spare(devices: list[Device]) -> int:
    empty = DeviceList(None) if isinstance(devices, DeviceList) else []
    return sys.getsizeof(devices) - sys.getsizeof(empty) - (sys.getsizeof(list(devices)) - sys.getsizeof([]))


def test_a_built_fleets_serials_are_packed_one_string_per_plant_and_read_as_before(monkeypatch: Any) -> None:
    apis = ("growatt_v1", "apsystems_openapi", "isolarcloud")
    world = small_world()
    for api in apis:
        world.fleet(api)
    monkeypatch.setattr(world_module, "pack_serials", lambda devices: None)
    again = small_world()  # its serials as they were drawn
    for api in apis:
        for plant in world.fleet(api).values():
            packed = {id(device._packed) for device in plant.devices}
            assert len(packed) == 1
            assert None not in {device._packed for device in plant.devices}
            assert all(isinstance(device._sn_at, int) for device in plant.devices)
            for device in plant.devices:
                assert device.sn
                assert "\n" not in device.sn
                assert world_module.serial_of(device) == device.sn
                logger = device.datalogger_sn
                assert logger is None or logger in {d.sn for d in plant.devices}
        assert all(isinstance(d._sn_at, str) for p in again.fleet(api).values() for d in p.devices)
        assert all(world_module.serial_of(d) == d.sn for p in again.fleet(api).values() for d in p.devices)
        # the same fleet as a client reads it: serials, collectors and fields alike
        assert [
            [(d.sn, d.kind, d.model, d.plant_id, d.datalogger_sn, d.nominal_w, d.pv_share) for d in p.devices]
            for p in world.fleet(api).values()
        ] == [[tuple(d.__getstate__()) for d in p.devices] for p in again.fleet(api).values()]


def test_a_packed_device_pickles_compares_and_shows_as_the_dataclass_did() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    inverter = next(d for d in plant.devices if d.kind == "inverter")
    plain = Device(inverter.sn, "inverter", inverter.model, plant.plant_id, inverter.datalogger_sn,
                   inverter.nominal_w, inverter.pv_share)  # fmt: skip
    assert inverter == plain
    assert repr(inverter) == repr(plain)
    assert repr(plain).startswith(f"Device(sn={plain.sn!r}, kind='inverter', model={plain.model!r}, plant_id=")
    assert pickle.dumps(inverter) == pickle.dumps(plain)
    loaded = pickle.loads(pickle.dumps(inverter))
    assert loaded == inverter
    assert loaded._packed is None
    # a state as the slotted dataclass pickled it (field values in order), or as a dict
    restored = Device.__new__(Device)
    restored.__setstate__(list(plain.__getstate__()))
    assert restored == plain
    restored.__setstate__((None, {**dict(zip(DEVICE_FIELDS, plain.__getstate__(), strict=True)), "model": "X"}))
    assert restored.model == "X"
    assert restored.sn == plain.sn


def test_a_packed_device_takes_a_new_collector_and_keeps_its_neighbours() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    logger, *others = plant.devices
    before = [d.sn for d in plant.devices]
    others[0].datalogger_sn = "NEW-LOGGER"
    assert others[0].datalogger_sn == "NEW-LOGGER"
    others[0].datalogger_sn = None
    assert others[0].datalogger_sn is None
    assert [d.sn for d in plant.devices] == before
    assert all(d.datalogger_sn == logger.sn for d in others[1:])


def test_a_built_fleets_serial_index_is_its_seeded_devices_until_an_edit() -> None:
    world = small_world()
    fleet = world.fleet("growatt_v1")
    assert fleet.serial_index is world.generators("growatt_v1").serials.seeded
    pairs = [(plant, device) for plant in fleet.values() for device in plant.devices]
    for plant, device in pairs:
        found = fleet.device(device.sn)
        assert found is not None
        assert found[0] is plant
        assert found[1] is device
    fleet.changed()
    assert fleet.device(pairs[-1][1].sn) == pairs[-1]
    assert fleet.serial_index is not world.generators("growatt_v1").serials.seeded
    assert list(fleet.serial_index) == sorted(d.sn for _, d in pairs)


def test_a_plant_keeps_its_figures_in_one_slot_made_when_first_read() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    assert PlantFigures.__slots__ == ("_figures",)
    assert not plant.holds_figures()
    model = plant.model
    assert plant._figures.model is model
    assert plant.pv_calendar is plant._figures.pv_calendar
    plant.forget_figures()
    assert not plant.holds_figures()
    assert plant.model == model


def test_devices_alike_share_one_spec_and_a_written_field_is_kept_for_that_device_alone() -> None:
    fleet = small_world().fleet("growatt_v1")
    meters = [d for plant in fleet.values() for d in plant.devices if d.kind == "meter"]
    assert len(meters) > 1
    assert len({id(meter._spec) for meter in meters}) == 1
    first, second = meters[0], meters[1]
    first.model = "SDM120"
    first.nominal_w = 1.5
    assert (first.kind, first.model, first.nominal_w, first.pv_share) == ("meter", "SDM120", 1.5, 0.0)
    assert (second.kind, second.model, second.nominal_w) == ("meter", "SDM630", 0.0)
    first.kind, first.pv_share = "inverter", 0.5
    assert first.__getstate__()[1:] == ["inverter", "SDM120", first.plant_id, first.datalogger_sn, 1.5, 0.5]
    assert pickle.loads(pickle.dumps(first)) == first
    odd = Device("X1", "meter", "M", 1, nominal_w=[1.0])  # type: ignore[arg-type]  # no dict key: kept as given
    assert odd.nominal_w == [1.0]


def test_a_snapshot_names_a_devices_fields_as_it_did_while_devices_were_dataclasses() -> None:
    """A state file written then holds Device's layout; this code must find it unchanged to load it."""
    layout = ["sn", "kind", "model", "plant_id", "datalogger_sn", "nominal_w", "pv_share"]
    assert layout_of(Device) == layout
    assert changed_layouts({"solarfakes.simulators.world.Device": layout}) == []
    assert changed_layouts({"solarfakes.simulators.world.Device": [*layout, "gone"]}) != []


def test_a_seeded_plant_makes_its_devices_when_read_and_lets_them_go_once_unheld(monkeypatch: Any) -> None:
    world = small_world()
    assert world.fleet("growatt_v1").serial_index  # built before the window is emptied
    kept: deque[DeviceList] = deque(maxlen=1)  # the last list made, kept alive a while
    monkeypatch.setattr(world_module, "KEPT_LISTS", kept)
    plant = next(iter(world.fleet("growatt_v1").values()))
    assert type(world_module.DEVICES_SLOT.__get__(plant, type(plant))) is str  # its packed serials, no list
    first = plant.devices
    assert isinstance(first, DeviceList)
    assert plant.devices is first  # while held, the very list and devices
    device = first[1]
    walked = [tuple(d.__getstate__()) for d in first]
    del first
    gc.collect()
    assert plant.devices[1] is device  # a device held keeps its list
    del device
    gc.collect()
    assert list(kept) == [plant.devices]  # the last made stays
    kept.clear()
    gc.collect()
    assert id(plant) not in world_module.MADE_DEVICES
    assert [tuple(d.__getstate__()) for d in plant.devices] == walked  # made again, alike
    assert type(world_module.DEVICES_SLOT.__get__(plant, type(plant))) is str


def test_a_written_made_device_or_list_stays_the_plants_own() -> None:
    world = small_world()
    first, second = list(world.fleet("growatt_v1").values())[:2]
    first.devices[1].model = "EDITED"
    second.devices.append(Device("EXTRA-1", "meter", "M", second.plant_id))
    gc.collect()
    assert first.devices[1].model == "EDITED"
    assert [d.sn for d in second.devices][-1] == "EXTRA-1"
    for plant in (first, second):
        assert world_module.DEVICES_SLOT.__get__(plant, type(plant)) is plant.devices
    # the fleet finds the added device once told of the edit, and the seeded ones still
    fleet = world.fleet("growatt_v1")
    fleet.changed()
    assert fleet.device("EXTRA-1") == (second, second.devices[-1])
    assert fleet.device(first.devices[1].sn) == (first, first.devices[1])


def test_a_plant_whose_devices_are_made_when_read_goes_through_a_snapshot_with_them() -> None:
    world = small_world()
    plant = next(iter(world.fleet("apsystems_openapi").values()))
    again = through_a_snapshot(world, plant)
    assert type(again.devices) is list
    assert again.devices == plant.devices
    assert again == plant


def test_a_seeded_plants_key_and_name_are_made_from_shared_parts_and_a_written_name_is_kept() -> None:
    world = small_world()
    plants = list(world.fleet("growatt_v1").values())
    for plant in plants:
        assert plant.key == f"1:growatt_v1:{plant.plant_id}"
        assert type(plant.key) is str
        assert type(plant.name) is str
        last = world_module.NAME_SLOT.__get__(plant, type(plant))
        assert isinstance(last, world_module.LastName)
        assert plant.name == f"{plant.city} {last} {'PV' if plant.battery is None else 'PV+ESS'}"
    fronts = {id(world_module.KEY_SLOT.__get__(plant, type(plant))) for plant in plants}
    assert len(fronts) == 1  # one key front for the fleet
    plants[0].name = "Renamed"
    assert plants[0].name == "Renamed"
    again = through_a_snapshot(world, plants[1])
    assert (again.key, again.name) == (plants[1].key, plants[1].name)
    assert type(world_module.NAME_SLOT.__get__(again, type(again))) is str  # kept whole once written


def test_the_indexes_keep_recent_reads_bounded_and_write_none_of_them() -> None:
    world = small_world()
    iso = index_devices(world)
    plant_ids = list(iso.first_uuids)
    assert iso.of_plant(plant_ids[0]) is iso.of_plant(plant_ids[0])  # kept at hand
    assert "recent" not in iso.__getstate__()
    plants = list(world.fleet("apsystems_openapi").values())
    systems = SystemIndex({system_id(plant): plant for plant in plants})
    sid = system_id(plants[0])
    assert systems[sid] is systems[sid]
    assert through_a_snapshot(world, systems).recent == {}
    fleet = world.fleet("growatt_v1")
    sn = next(iter(fleet.values())).devices[0].sn
    assert fleet.device(sn) == fleet.device(sn)
    assert sn in fleet.serial_index.found
    assert fleet.device("~") is None
    assert "~" not in fleet.serial_index.found  # an unknown serial is not remembered
    assert "found" not in fleet.serial_index.__getstate__()


def test_a_read_plant_answers_one_key_text_while_it_holds_figures() -> None:
    plant = next(iter(small_world().fleet("isolarcloud").values()))
    assert plant.key is not plant.key  # made per read while the plant holds no figures
    assert plant.model.key == plant.key
    assert plant.key is plant.key  # then kept with its figures
    plant.forget_figures()
    assert plant.key == f"1:isolarcloud:{plant.plant_id}"
