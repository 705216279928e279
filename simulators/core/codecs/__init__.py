"""Codecs by name, as specs name them."""

from __future__ import annotations

from solarfakes.simulators.core.codecs.base import Codec, Undecodable
from solarfakes.simulators.core.codecs.dotnet_json import DotnetJsonCodec
from solarfakes.simulators.core.codecs.plain import PlainCodec
from solarfakes.simulators.core.codecs.rsa_aes import RsaAesCodec
from solarfakes.specs.model import Spec

CODECS: dict[str, type[Codec]] = {codec.name: codec for codec in (PlainCodec, RsaAesCodec, DotnetJsonCodec)}


def codec_for(name: str, spec: Spec, seed: object = 0) -> Codec:
    if name not in CODECS:
        raise KeyError(f"{spec.api}: no codec named {name!r}; known: {', '.join(CODECS)}")
    return CODECS[name](spec, seed)


__all__ = ["CODECS", "Codec", "Undecodable", "codec_for"]
