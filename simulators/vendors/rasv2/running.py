"""GetRunningData and GetHistoryRunningData: a system's 5-minute rows (VtColDataDto), from the physics
of the shared fleet and the dispatch commands the system holds.

Energies: EpvTotal is the lifetime PV counter; Einput, Eoutput, Echarge, EDischarge and EGridCharge are
the day's energy up to the row (no source says which counters these are; day totals keep each the
integral of its powers). Voltages and cell values are plausible constants: no source gives them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from hashlib import blake2b
from operator import sub
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.shape import conformer
from solarfakes.simulators.core.validate import moment
from solarfakes.simulators.day_rows import (
    ITEMS,
    Rows,
    RowWriter,
    day_inputs,
    encode_rows,
    encoded,
    field_conformer,
    finished,
    json_array,
    keeps_finished_days,
    kept_encoded,
    per_run,
    row_schema,
    slot_isoformats,
    slot_times,
    slots_within,
    writes_by_columns,
)
from solarfakes.simulators.physics import (
    ENERGY_FIELDS,
    KWH_PER_UNIT,
    SLOT_MINUTES,
    DayColumns,
    DayEnergy,
    DayLedger,
    Slot,
    day_columns,
    rounded,
    running_units,
)
from solarfakes.simulators.vendors.rasv2.backend import Dispatch, RasBackend, ras, row_id, system_sn
from solarfakes.simulators.vendors.rasv2.fleet import API
from solarfakes.simulators.vendors.rasv2.systems import chosen_systems, reporting
from solarfakes.simulators.world import Plant
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator
    from solarfakes.simulators.counters import DayCounter

SLOT = timedelta(minutes=SLOT_MINUTES)
BATTERY_VOLTS = 51.2
# The document's names where the server's differ (vendor-reality ras/v2 §4).
DOCUMENTED_NAMES = {"InvworkMode": "InvWorkMode", "PmeterDc": "PmeterDC", "Soc": "SOC", "Batv": "BatV", "Batc": "BatC"}
DOCUMENTED_NAMES |= {f"Soc{n}": f"SOC{n}" for n in range(1, 7)}


def running_data(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]] | None:
    backend = ras(sim)
    rows = []
    for plant in reporting(chosen_systems(call, sim)):
        slot = plant.now_slot(call.now)
        today = plant.local_date(call.now)
        held = backend.dispatch_during(system_sn(plant), call.now, call.now + timedelta(microseconds=1))
        rows.append(row(plant, slot, plant.energy(today, call.now), plant.lifetime_pv_kwh(call.now), held))
    return shaped(rows, sim.profile)


def history_running_data(call: RoutedCall, sim: Simulator) -> list[Any] | Encoded | None:
    """Rows with Starttime <= UploadTime <= endtime in each system's local time, newest first."""
    backend = ras(sim)
    params = {p.name: p for p in call.endpoint.params}
    first = moment(params["Starttime"], call.args["Starttime"])
    last = moment(params["endtime"], call.args["endtime"])
    assert first is not None, "validated"
    assert last is not None, "validated"
    plants = reporting(chosen_systems(call, sim))
    if len(plants) == 1:
        pieces = kept_runs(plants[0], backend, first, last, call, sim.profile)
        if pieces is not None:
            return json_array(pieces)
    timed: list[tuple[datetime, Any]] = []
    for plant in plants:
        timed += history_rows(plant, backend, first, last, call, sim.profile)
    timed.sort(key=lambda pair: pair[0], reverse=True)
    if timed and all(isinstance(row, bytes) for _, row in timed):
        return json_array(row for _, row in timed)
    return shaped([Encoded(row) if isinstance(row, bytes) else row for _, row in timed], sim.profile)


def history_rows(
    plant: Plant, backend: RasBackend, first: datetime, last: datetime, call: RoutedCall, profile: str
) -> list[tuple[datetime, Any]]:
    """Each row's upload time and the row: a finished day's as kept, shaped and encoded; today's as a dict."""
    rows: list[tuple[datetime, Any]] = []
    now = call.now
    day = first.date()
    while day <= last.date():  # at most two days: the span rule allows 24 hours
        slots = plant.history(day, now)
        chosen = slots_within(plant.timezone, day, len(slots), first, last)
        if chosen and finished(plant, day, now):
            kept = day_rows(plant, backend, day, call, profile)
            rows += [(slots[n].start, kept[len(kept) - 1 - n]) for n in chosen]
        elif chosen:
            built = day_dicts(plant, backend, day, now, chosen)
            rows += [(slots[n].start, made) for n, made in zip(chosen, built, strict=True)]
        day += timedelta(days=1)
    return rows


def kept_runs(
    plant: Plant, backend: RasBackend, first: datetime, last: datetime, call: RoutedCall, profile: str
) -> list[bytes | memoryview] | None:
    """One system's rows newest first, one run of rows per day, when there are some (None otherwise): a
    finished day's run is one slice of its kept rows, so the days' slots need not be simulated nor their
    rows sorted; today's rows (a bench week's last call takes in today's midnight row) are built and
    encoded as the shape and encode steps write them."""
    if not keeps_finished_days():
        return None  # every row through the pipeline's shape step (tests compare both ways)
    runs: list[bytes | memoryview] = []
    day = last.date()
    while day >= first.date():
        chosen = slots_within(plant.timezone, day, plant.slot_count(day, call.now), first, last)
        if chosen:
            if chosen[-1] - chosen[0] != len(chosen) - 1:
                return None  # a run broken by a clock change: rows sorted one by one
            if finished(plant, day, call.now):
                kept = day_rows(plant, backend, day, call, profile)
                runs.append(kept.view(len(kept) - 1 - chosen[-1], len(kept) - chosen[0]))
            else:
                built = [in_profile(r, profile) for r in day_dicts(plant, backend, day, call.now, chosen)[::-1]]
                runs.append(encode_rows(built, row_schema(call.endpoint, ITEMS)).joined())
        day -= timedelta(days=1)
    return runs or None  # no rows: the answer's null or empty list as the profile has it


def day_rows(plant: Plant, backend: RasBackend, day: date, call: RoutedCall, profile: str) -> Rows:
    """A finished day's rows as the answer writes them, newest first, kept until a dispatch or the physics
    changes."""
    sn = system_sn(plant)
    schema = row_schema(call.endpoint, ITEMS)
    dispatches = tuple(backend.dispatches.get(sn, ()))
    key = (API, profile, call.endpoint.id, day_inputs(plant, day), sn, dispatches, id(schema))

    def build() -> Rows:
        return encoded_day(plant, backend, day, call.now, profile, schema)

    return kept_encoded(key, build)


def encoded_day(
    plant: Plant, backend: RasBackend, day: date, now: datetime, profile: str, schema: FieldSchema | None
) -> Rows:
    """Every row of ``day`` as the shape and encode steps write it, newest first: the fields all rows share
    are shaped and encoded once, then each row's own values (``RowWriter``; the shape step types a row
    field by field, so the two parts shape as the whole row would)."""
    shape: Callable[[Any], Any] = conformer(schema) if schema is not None else dict
    names, shown = profile_fields(profile)
    template, writer = system_writer(plant, profile, schema)
    sn = system_sn(plant)
    commanded = bool(backend.dispatches.get(sn))
    # a slot's start is its zone-day's: its texts are the zone's (UploadTime shaped, and in the row id)
    times = slot_times(plant.timezone, day, field_conformer(schema, "UploadTime"))
    isoformats = slot_isoformats(plant.timezone, day)
    counter = plant.counter(day)  # plant.lifetime_at(day, units) of each row is counter.at(units)
    if writes_by_columns() and not commanded and plant.commissioned <= day < plant.local_date(now):
        # a whole day without dispatches, from its figures: no slot object (Plant.history's and ledger's)
        figures = day_columns(plant.model, day, plant.commands_on(day), plant.start_soc(day))
        energies = running_units(figures.fields()[:4])
        if energies is None:  # a power the column sums cannot take: the ledger's slot by slot
            energies = ledger_energies(DayLedger.of_figures(*figures.fields()[:4]).sums, len(figures.pv_w))
        ids = history_row_ids(plant.key, isoformats[: len(figures.pv_w)])
        columns = slot_columns(plant, figures, energies, counter, None, ids, times)
        joined = newest_first(writer, columns if shown is None else [columns[n] for n in shown])
        if joined is not None:
            return joined
    sums = plant.ledger(day).sums
    slots = plant.history(day, now)
    helds = [backend.dispatch_during(sn, s.start, min(s.start + SLOT, now)) for s in slots] if commanded else None
    ids = history_row_ids(plant.key, isoformats[: len(slots)])
    if writes_by_columns():
        columns = slot_columns(plant, slots, ledger_energies(sums, len(slots)), counter, helds, ids, times)
        written_all = writer.write_columns(columns if shown is None else [columns[n] for n in shown])
        if written_all is not None:
            return Rows(written_all[::-1])
    owns = []
    for index, slot in enumerate(slots):
        energy = sums[(index + 1) * ENERGY_FIELDS : (index + 2) * ENERGY_FIELDS]  # ledger.upto(index + 1)'s
        held = None if helds is None else helds[index]
        values = slot_list(plant, slot, energy, counter.at(energy[0]), held, ids[index], times[index])
        owns.append(values if shown is None else [values[n] for n in shown])
    out = []
    for own in owns:
        written = writer.write(own.copy())
        if written is None:  # the whole row, as the shape and encode steps write it
            made = template.copy()
            made.update(shape(dict(zip(names, own, strict=True))))
            written = encoded(made)
        out.append(written)
    return Rows(out[::-1])


def system_writer(plant: Plant, profile: str, schema: FieldSchema | None) -> tuple[dict[str, Any], RowWriter]:
    """The system's row template as the shape step writes it and its ``RowWriter``, made once for the days
    of a history: every day of a system has the same fixed fields, and making them cost a twentieth of a
    new day. Kept by the template's own items (what the system's fixed fields are), the profile and the
    schema."""
    template = row_template(plant)
    key = (tuple(template.items()), profile, id(schema))
    found = SYSTEM_WRITERS.get(key)
    if found is not None and found[0] is schema:
        return found[1], found[2]
    shaped = conformer(schema)(in_profile(template, profile)) if schema is not None else in_profile(template, profile)
    writer = RowWriter(shaped, profile_fields(profile)[0], schema)
    if len(SYSTEM_WRITERS) >= SYSTEM_WRITERS_KEPT:
        SYSTEM_WRITERS.clear()
    SYSTEM_WRITERS[key] = (schema, shaped, writer)  # the schema kept with its id, so the id stays its own
    return shaped, writer


SYSTEM_WRITERS: dict[tuple[Any, ...], tuple[FieldSchema | None, dict[str, Any], RowWriter]] = {}
SYSTEM_WRITERS_KEPT = 64  # the systems of the histories being read; it starts over past this


def newest_first(writer: RowWriter, columns: Sequence[Sequence[Any]]) -> Rows | None:
    """A day's rows from ``slot_columns`` of its figures (``columns``, oldest first), newest first, joined in
    one step (``RowWriter.joined_columns``; each column reversed once, so a list given for two fields
    stays one). Their ends are found only if asked; the count of ``},{`` that shows where they are is
    left out where the writer knows it lies only between rows (None if a row is not written so)."""
    reversed_columns: dict[int, Sequence[Any]] = {}
    for column in columns:
        if id(column) not in reversed_columns:
            reversed_columns[id(column)] = column[::-1]
    joined = writer.joined_columns([reversed_columns[id(column)] for column in columns])
    if joined is None:
        return None
    joined_rows, between_only = joined
    return Rows.of_objects(joined_rows, len(columns[0]), between_only=between_only)


def profile_fields(profile: str) -> tuple[list[str], list[int] | None]:
    """The names ``slot_list``'s values have in the profile, and which of them it shows (None: all)."""
    names = list(in_profile(dict.fromkeys(SLOT_FIELDS), profile))
    if len(names) == len(SLOT_FIELDS):
        return names, None
    return names, [n for n, key in enumerate(SLOT_FIELDS) if key != "Id"]


def history_row_id(key: str, start: str) -> str:
    """``row_id`` without its cache (a week's 2,016 rows would push out the ids lists ask for each call),
    and without building a ``uuid.UUID``: the same text, its version and variant bits set by hand."""
    return history_row_ids(key, [start])[0]


def history_row_ids(key: str, starts: Sequence[str]) -> list[str]:
    """``history_row_id`` of each of ``starts`` (ISO times: no quote, backslash or newline, so ``repr``
    writes each as it is between quotes), a day's at once: every hashed text made by one join, each
    hashed in a ``map``, and the GUIDs' version and variant bits and dashes put in by slices of all the
    digests together (a formatting per GUID was most of their cost: about 3 us less a row)."""
    if not starts:
        return []
    head = repr((key, ""))[:-3]  # "('key', " of repr((key, start)), whose end is "'start')"; never a newline
    between = f"')\n{head}'"  # one text's end, and the next one's start
    texts = f"{head}'{between.join(starts)}')".encode().split(b"\n")
    digests = bytearray(b"".join(map(blake2b.digest, map(GUID_HASH, texts))))
    digests[6::16] = digests[6::16].translate(VERSION_4)
    digests[8::16] = digests[8::16].translate(RFC_4122_VARIANT)
    # each digest as eight groups of four hex digits, a dash after each: the dashes a GUID has not
    # (after its 1st, 6th and 7th group) marked for deletion, the one after its last made a comma
    grouped = bytearray(digests.hex("-", 2), "ascii")
    grouped.append(ord("-"))
    count = len(texts)
    for place in GUID_JOINED_GROUPS:
        grouped[place::GROUPED_GUID] = DELETED * count
    grouped[GROUPED_GUID - 1 :: GROUPED_GUID] = b"," * count
    return grouped.translate(None, DELETED)[:-1].decode().split(",")


GUID_HASH = partial(blake2b, digest_size=16)
# uuid.UUID(version=4) sets the digest's 7th byte's high nibble to 4 and its 9th byte's two high bits to 10
VERSION_4 = bytes(n & 0x0F | 0x40 for n in range(256))
RFC_4122_VARIANT = bytes(n & 0x3F | 0x80 for n in range(256))
GROUPED_GUID = 8 * 5  # eight groups of four hex digits and a dash each
GUID_JOINED_GROUPS = (4, 29, 34)  # the dashes after the 1st, 6th and 7th group: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx
DELETED = b"x"  # no hex digit


def day_dicts(
    plant: Plant, backend: RasBackend, day: date, now: datetime, chosen: list[int] | None = None
) -> list[dict[str, Any]]:
    """The rows of ``day`` so far (those ``chosen`` by index, or all), oldest first."""
    ledger = plant.ledger(day)
    sn = system_sn(plant)
    slots = plant.history(day, now)
    out = []
    for index in range(len(slots)) if chosen is None else chosen:
        slot = slots[index]
        energy = ledger.upto(index + 1)
        held = backend.dispatch_during(sn, slot.start, min(slot.start + SLOT, now))
        out.append(row(plant, slot, energy, plant.lifetime_at(day, energy.pv_units), held))
    return out


def shaped(rows: list[Any], profile: str) -> list[Any] | None:
    """Rows in the profile's names (kept ``Encoded`` rows have them already); observed answers null for no
    rows (vendor-reality ras/v2 §1)."""
    if profile == "documented":
        return [r if isinstance(r, Encoded) else in_profile(r, profile) for r in rows]
    return rows or None


def in_profile(row: dict[str, Any], profile: str) -> dict[str, Any]:
    """A row in the profile's names: the document's names, and no Id, in the documented profile."""
    if profile == "documented":
        return {DOCUMENTED_NAMES.get(k, k): v for k, v in row.items() if k != "Id"}
    return row


def row(plant: Plant, slot: Slot, energy: DayEnergy, lifetime_kwh: float, held: Dispatch | None) -> dict[str, Any]:
    out = dict(row_template(plant))
    out.update(slot_values(plant, slot, energy, lifetime_kwh, held, row_id))
    return out


def row_template(plant: Plant) -> dict[str, Any]:
    """A row's fields in their order, with what is the same in every row of the system; the fields
    ``slot_values`` gives are None here."""
    assert plant.battery is not None, "every ras/v2 system has a battery"
    max_w = round(plant.battery.max_power_w)
    return {
        "Id": None,
        "Sn": system_sn(plant),
        "UploadTime": None,
        "Ppv1": None, "Ppv2": None, "Upv1": None, "Upv2": None,
        "Ua": 230.0, "Ub": 0.0, "Uc": 0.0, "Fac": 50.0, "Ubus": 380.0,
        "PrealL1": None, "PrealL2": 0, "PrealL3": 0,
        "Tinv": None,
        "PacL1": 0, "PacL2": 0, "PacL3": 0,
        "InvworkMode": 2,  # online
        "EpvTotal": None,
        "Einput": None, "Eoutput": None,
        "Echarge": None,
        "PmeterL1": None, "PmeterL2": 0, "PmeterL3": 0, "PmeterDc": 0,
        "Pbat": None, "Soc": None, "Batv": BATTERY_VOLTS, "Batc": None,
        "FlagBms": "0", "BmsWork": 1, "Pcharge": max_w, "Pdischarge": max_w,
        "BmsRelay": "111", "BmsNum": "1",
        "VcellLow": "1-1-3.28", "VcellHigh": "1-16-3.31", "TcellLow": "1-1-24", "TcellHigh": "1-4-26",
        **dict.fromkeys(("IdTempLover", "IdTempEover", "IdTempediffe", "IdChargcurre", "IdDischcurre",
                         "IdCellvolover", "IdCellvollower", "IdSoclower", "IdCellvoldiffe"), ""),
        "BatC1": None, "BatC2": 0, "BatC3": 0, "BatC4": 0, "BatC5": 0, "BatC6": 0,
        **dict.fromkeys(("ErrInv", "WarInv", "ErrEms", "ErrBms", "ErrMeter", "ErrBackupBox"), "0"),
        "EGridCharge": None,
        "EmsStatus": "Normal",
        "EDischarge": None,
        "Soc1": None, "Soc2": 0, "Soc3": 0, "Soc4": 0, "Soc5": 0, "Soc6": 0,
        "VcellLowValue": 3.28, "VcellHighValue": 3.31, "TcellLowValue": 24.0, "TcellHighValue": 26.0,
        "InvBatV": BATTERY_VOLTS, "BmsShutdown": 0, "BmuRelay": 1, "BmsHardVer1": 0, "BmsHardVer2": 0, "BmsHardVer3": 0,
        "DispatchSwitch": None, "Pdispatch": None, "DispatchSoc": None, "DispatchMode": None,
    }  # fmt: skip


# The fields of a row that change from slot to slot (the template's Nones), in the row's order.
SLOT_FIELDS = ("Id", "UploadTime", "Ppv1", "Ppv2", "Upv1", "Upv2", "PrealL1", "Tinv", "EpvTotal", "Einput",
               "Eoutput", "Echarge", "PmeterL1", "Pbat", "Soc", "Batc", "BatC1", "EGridCharge", "EDischarge",
               "Soc1", "DispatchSwitch", "Pdispatch", "DispatchSoc", "DispatchMode")  # fmt: skip


def slot_values(
    plant: Plant,
    slot: Slot,
    energy: DayEnergy,
    lifetime_kwh: float,
    held: Dispatch | None,
    make_id: Callable[[str, str], str],
) -> dict[str, Any]:
    """The fields of a row that change from slot to slot, by name."""
    row_id = make_id(plant.key, slot.start.isoformat())
    values = slot_list(plant, slot, energy.as_tuple(), lifetime_kwh, held, row_id, slot.start)
    return dict(zip(SLOT_FIELDS, values, strict=True))


def slot_list(
    plant: Plant,
    slot: Slot,
    energy: Sequence[int],
    lifetime_kwh: float,
    held: Dispatch | None,
    row_id: str,
    upload_time: Any,
) -> list[Any]:
    """The values of ``SLOT_FIELDS``, in order; ``energy`` is the day's so far in ``DayEnergy``'s units, in
    its order, and ``upload_time`` the slot's start or its text."""
    _, _, charge, discharge, imported, exported, grid_charge = energy
    pv = round(slot.pv_w)
    pv1 = round(pv * 0.55)
    soc = round(slot.soc_pct or 0.0, 1)
    battery_w = round(slot.battery_w)
    amps = round(battery_w / BATTERY_VOLTS, 1)
    return [
        row_id,
        upload_time,
        pv1, pv - pv1, 360.0 if pv else 0.0, 355.0 if pv else 0.0,
        round(slot.load_w - slot.grid_w),
        round(25 + 20 * slot.pv_w / (plant.peak_kw * 1000), 1),
        round(lifetime_kwh, 2),
        round(imported * KWH_PER_UNIT, 2), round(exported * KWH_PER_UNIT, 2),
        round(charge * KWH_PER_UNIT, 2),
        round(slot.grid_w),
        battery_w, soc, amps,
        amps,
        round(grid_charge * KWH_PER_UNIT, 2),
        round(discharge * KWH_PER_UNIT, 2),
        soc,
        *dispatch_fields(held),
    ]  # fmt: skip


def slot_columns(
    plant: Plant,
    slots: Sequence[Slot] | DayColumns,
    energies: Sequence[Sequence[int]],
    counter: DayCounter,
    helds: Sequence[Dispatch | None] | None,
    ids: Sequence[str],
    times: Sequence[Any],
) -> list[Sequence[Any]]:
    """``slot_list``'s values of a day's ``slots`` (or their figures; ``helds`` their dispatches, None:
    none held), a list per field: each field worked out by one loop over the day (most of them ``map`` in
    C, rounding to places by physics.rounded), where a call per row cost a third of a new day's rows.
    ``energies``: each field of DayEnergy after each slot (``ledger.upto(n + 1)``), a list per field."""
    figures = slots if isinstance(slots, DayColumns) else DayColumns.of(slots)
    count = len(figures.pv_w)

    def energy(field: int) -> Sequence[int]:
        return energies[field][:count]

    def kwh(units: Iterable[int]) -> list[float]:
        return per_run(kwh_of, units)

    pv_w = figures.pv_w
    pv = list(map(round, pv_w))
    pv1 = [round(p * 0.55) for p in pv]
    soc = rounded([soc_pct or 0.0 for soc_pct in figures.soc_pct], 1)
    battery_w = list(map(round, figures.battery_w))
    amps = rounded([w / BATTERY_VOLTS for w in battery_w], 1)
    peak_w = plant.peak_kw * 1000
    charge, discharge, imported, exported, grid_charge = map(kwh, map(energy, range(2, ENERGY_FIELDS)))
    held = no_dispatch_columns(count) if helds is None else list(zip(*map(dispatch_fields, helds), strict=True))
    return [
        ids[:count],
        times[:count],
        pv1, [p - p1 for p, p1 in zip(pv, pv1, strict=True)],
        [360.0 if p else 0.0 for p in pv], [355.0 if p else 0.0 for p in pv],
        list(map(round, map(sub, figures.load_w, figures.grid_w))),
        rounded([25 + 20 * w / peak_w for w in pv_w], 1),
        per_run(lambda units: round(counter.at(units), 2), energy(0)),
        imported, exported,
        charge,
        list(map(round, figures.grid_w)),
        battery_w, soc, amps,
        amps,
        grid_charge,
        discharge,
        soc,
        *held,
    ]  # fmt: skip


def ledger_energies(sums: Sequence[int], count: int) -> list[list[int]]:
    """``slot_columns``' energies from a day ledger's ``sums``: each field after each of ``count`` slots."""
    return [
        list(sums[ENERGY_FIELDS + field : ENERGY_FIELDS * (count + 1) : ENERGY_FIELDS])
        for field in range(ENERGY_FIELDS)
    ]


def kwh_of(units: int) -> float:
    """Energy ``units`` in kWh as a row shows it (two decimals)."""
    return round(units * KWH_PER_UNIT, 2)


def no_dispatch_columns(count: int) -> list[list[int]]:
    """``dispatch_fields(None)`` of ``count`` rows, a list per field."""
    return [[value] * count for value in NO_DISPATCH]


def dispatch_fields(held: Dispatch | None) -> tuple[Any, ...]:
    """The EMS dispatch registers (DispatchSwitch, Pdispatch, DispatchSoc, DispatchMode): the command as
    sent while it runs, all zero otherwise."""
    if held is None:
        return NO_DISPATCH
    return (1, held.active_power, held.soc, held.control_mode)


NO_DISPATCH = (0, 0, 0, 0)
