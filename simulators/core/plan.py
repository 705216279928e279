"""What the spec fixes about one endpoint, resolved once: its envelope and content type, its codec, its
auth mode and its auth scheme's check of its calls, whether a limit meters it, the codes it may answer,
its success template cut into pieces, its response schema's conformer. A call then reads these facts
instead of looking them up in the spec at every step (a call used to ask for its envelope four times).
Made from the spec alone, so the spec stays the one source. The codec is named, not held: a reset makes
new codecs (they may hold keys derived from the seed), and a call takes its codec under the cloud's
lock, as a reset does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.envelope import envelope_of
from solarfakes.simulators.core.envelope_bytes import SuccessPlan, success_plan
from solarfakes.simulators.core.shape import conformer
from solarfakes.simulators.world import Account
from solarfakes.specs.model import Endpoint, Envelope

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


@dataclass(frozen=True, slots=True)
class EndpointPlan:
    endpoint: Endpoint
    envelope: Envelope
    content_type: str
    serial_header: str | None
    codec: str  # the codec's name (``Simulator.codec_named``)
    anonymous: bool  # ``auth: none``: no scheme is run, the call is the anonymous account's
    authenticate: Callable[[Call, float], Account]  # the auth scheme's check of this endpoint's calls
    metered: bool  # some enforced limit counts this endpoint's calls
    per_param: bool  # some such limit counts per value of a parameter
    declared: frozenset[str]
    success: SuccessPlan
    conform: Callable[[Any], Any] | None  # the response schema's conformer (shape.conformer); None: no schema


def plan_of(sim: Simulator, endpoint: Endpoint) -> EndpointPlan:
    envelope = envelope_of(sim.spec, endpoint)
    return EndpointPlan(
        endpoint=endpoint,
        envelope=envelope,
        content_type=envelope.content_type,
        serial_header=envelope.serial_header,
        codec=endpoint.codec or sim.spec.codec,
        anonymous=endpoint.auth == "none",
        authenticate=sim.auth.prepared(endpoint),
        metered=bool(sim.meter.applicable(endpoint.id)),
        per_param=sim.meter.counts_per_param(endpoint.id),
        declared=sim.declared[endpoint.id],
        success=success_plan(envelope),
        conform=conformer(schema) if (schema := endpoint.response.schema_) is not None else None,
    )
