"""Machine-readable specs of the vendor APIs, the single source of truth of solarfakes."""

from solarfakes.specs.loader import API_IDS, SpecError, load_file, load_spec, raw_spec
from solarfakes.specs.model import PROFILES, Endpoint, Profile, Spec

__all__ = [
    "API_IDS",
    "PROFILES",
    "Endpoint",
    "Profile",
    "Spec",
    "SpecError",
    "load_file",
    "load_spec",
    "raw_spec",
]
