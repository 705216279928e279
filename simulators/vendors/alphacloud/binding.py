"""Binding a system to an appId: a verification code e-mailed to the owner, then bindSn with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors.alphacloud.backend import VerificationCode, alpha
from solarfakes.simulators.vendors.alphacloud.systems import check_code, find_system

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

VERIFICATION_SECONDS = 600


def verification_code(call: RoutedCall, sim: Simulator) -> None:
    sn = str(call.args["sysSn"])
    plant = find_system(sim, sn)
    if plant is None:
        raise VendorError(6038)
    if plant.account == "":
        raise VendorError(6002, diagnostics={"problem": f"{sn} has no end user to e-mail a code to"})
    if str(call.args["checkCode"]).upper() != check_code(plant):
        raise VendorError(6004, diagnostics={"problem": "checkCode does not match the system label"})
    code = f"{int(unit_hash(plant.key, call.now.timestamp()) * 1_000_000):06d}"
    alpha(sim).verification[sn] = VerificationCode(code, call.now.timestamp() + VERIFICATION_SECONDS)


def bind_sn(call: RoutedCall, sim: Simulator) -> None:
    backend = alpha(sim)
    sn = str(call.args["sysSn"])
    if find_system(sim, sn) is None:
        raise VendorError(6038)
    bound = backend.bound(call.account.name)
    if sn in bound:
        raise VendorError(6003)
    sent = backend.verification.get(sn)
    if sent is None or str(call.args["code"]) != sent.code or call.now.timestamp() > sent.expires:
        raise VendorError(6046, diagnostics={"problem": "no such code, or expired (see /_solarfakes/credentials)"})
    del backend.verification[sn]
    bound.add(sn)


def unbind_sn(call: RoutedCall, sim: Simulator) -> None:
    bound = alpha(sim).bound(call.account.name)
    sn = str(call.args["sysSn"])
    if sn not in bound:
        raise VendorError(6005)
    bound.discard(sn)
