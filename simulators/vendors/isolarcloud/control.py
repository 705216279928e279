"""Grid control on /openapi/platform/ (observed profile): paramSettingCheck asks whether a device takes
settings, paramSetting queues a task, getParamSettingTask follows it to its final status on the simulated clock.

Parameter codes and their values are the portal's (isolarcloud-portal appendix-10-control-parameter-definitions);
the request and answer fields are those real clients send and read (vendor-reality isolarcloud §5, KRoperUK).
Only the PV inverter's output parameters are served, since the readings honour them: a finished write caps the
inverter's power from the moment the task is done, so later real-time and history reads show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, IsolarBackend, PowerLimit, Task, isolar

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# No source says how long a task takes; clients poll every 5 s after a first wait of 2 s (KRoperUK), so a
# task that is still running at the first poll and done at the second is the ASSUMPTION.
TASK_SECONDS = 6.0
RUNNING, SUCCEEDED = 2, 8  # command_status as clients read it (vendor-reality §5, KRoperUK)
WRITE, READ = 0, 2  # set_type
SUPPORTED, UNSUPPORTED = "1", "9"  # a device's check_result / code; 9 is what clients see for "not writable"
PV_INVERTER = 1
SWITCH, RATIO, POWER = "10007", "10008", "10011"
ENABLE, SHUTDOWN = "170", "206"


@dataclass(frozen=True)
class Param:
    name: str
    unit: str
    default: str
    choices: dict[str, str]  # value -> name, for enumerations
    low: int = 0
    high: int = 0
    precision: str = "1"

    def accepts(self, value: str) -> bool:
        if self.choices:
            return value in self.choices
        return value.lstrip("-").isdecimal() and self.low <= int(value) <= self.high


# Appendix 10: 10007 limited power switch (170 enable, 85 disable), 10008 active power limit ratio (0-1000 for
# 0-100 %), 10011 boot/shutdown (207 boot, 206 shutdown, 174 reboot).
PARAMS: dict[str, Param] = {
    SWITCH: Param("Limited power switch", "", "85", {"170": "Enable", "85": "Disable"}),
    RATIO: Param("Active Power Limit Ratio", "%", "1000", {}, 0, 1000, "0.1"),
    POWER: Param("Boot/Shutdown", "", "207", {"207": "Boot", "206": "Shutdown", "174": "Reboot"}),
}


def own_device(call: RoutedCall, sim: Simulator) -> IsoDevice:
    """The caller's device of ``uuid``; another user's device, or none, is an invalid value (010)."""
    raw = str(call.args["uuid"])
    found = next((d for d in isolar(sim).devices.values() if str(d.uuid) == raw), None)
    if found is None or found.plant.account != call.account.name:
        call.call.diagnostics.update(problem=f"uuid {raw} is not a device of this user")
        raise VendorError("010", check="handler")
    return found


def settable(device: IsoDevice) -> bool:
    return device.device_type == PV_INVERTER and device.device is not None


def settings_at(backend: IsolarBackend, device: IsoDevice, moment: float) -> dict[str, str]:
    """The device's parameter values at ``moment``: the defaults, then every write done by then, in order."""
    values = {code: param.default for code, param in PARAMS.items()}
    for task in sorted(backend.tasks.values(), key=lambda t: t.done):
        if task.uuid == device.uuid and task.set_type == WRITE and task.done <= moment:
            values.update(task.params)
    return values


def output_limit(device: IsoDevice, values: dict[str, str]) -> float | None:
    """The inverter's cap in W under ``values``: nothing when shut down, the ratio when limiting is on."""
    assert device.device is not None
    if values[POWER] == SHUTDOWN:
        return 0.0
    if values[SWITCH] == ENABLE:
        return device.device.nominal_w * int(values[RATIO]) / 1000
    return None


def check(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    device = own_device(call, sim)
    verdict = SUPPORTED if settable(device) else UNSUPPORTED
    return {"check_result": "1", "dev_result_list": [{"uuid": device.uuid, "check_result": verdict}]}


def wanted(call: RoutedCall, set_type: int) -> tuple[tuple[str, str], ...]:
    """param_list as (code, value) pairs; an unknown code, or a value outside its range, is 010."""
    pairs = []
    for entry in call.args["param_list"]:
        code = str(entry.get("param_code", "")) if isinstance(entry, dict) else ""
        value = entry.get("set_value") if isinstance(entry, dict) else None
        text = "" if value is None or isinstance(value, dict | list) else str(value).strip()
        param = PARAMS.get(code)
        if param is None or (set_type == WRITE and not param.accepts(text)):
            served = {c: p.choices or f"{p.low}-{p.high}" for c, p in PARAMS.items()}
            call.call.diagnostics.update(problem=f"param {code or entry!r} = {text!r} is not settable", settable=served)
            raise VendorError("010", check="handler")
        pairs.append((code, text))
    if not pairs:
        call.call.diagnostics.update(problem="param_list is empty")
        raise VendorError("010", check="handler")
    return tuple(pairs)


def setting(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend, device = isolar(sim), own_device(call, sim)
    set_type = int(call.args["set_type"])
    if not settable(device):
        return {"check_result": "1", "dev_result_list": [{"uuid": device.uuid, "code": UNSUPPORTED, "task_id": None}]}
    params = wanted(call, set_type)
    now = call.now.timestamp()
    task = Task(str(10_000_000 + len(backend.tasks) + 1), device.uuid, set_type, now, now + TASK_SECONDS, params)
    backend.tasks[task.task_id] = task
    if set_type == WRITE:
        assert device.device is not None
        cap = output_limit(device, settings_at(backend, device, task.done))
        backend.add_limit(device.device, PowerLimit(task.done, cap))
    return {"check_result": "1", "dev_result_list": [{"uuid": device.uuid, "code": SUPPORTED, "task_id": task.task_id}]}


def task_status(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend, device = isolar(sim), own_device(call, sim)
    task = backend.tasks.get(str(call.args["task_id"]))
    if task is None or task.uuid != device.uuid:
        call.call.diagnostics.update(problem=f"no task {call.args['task_id']} for uuid {device.uuid}")
        raise VendorError("010", check="handler")
    finished = call.now.timestamp() >= task.done
    current = settings_at(backend, device, task.done)
    rows = []
    for code, value in task.params:
        param = PARAMS[code]
        returned = (value if task.set_type == WRITE else current[code]) if finished else None
        names: dict[str, str | None] = {
            "set_val_name": "|".join(param.choices.values()),
            "set_val_name_val": "|".join(param.choices),
        }
        rows.append({"param_code": code, "point_name": param.name, "set_value": value, "return_value": returned,
                     "unit": param.unit, "set_precision": param.precision} | names)  # fmt: skip
    return {"task_id": task.task_id, "uuid": device.uuid, "command_status": SUCCEEDED if finished else RUNNING,
            "param_list": rows}  # fmt: skip
