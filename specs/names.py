"""What every part names without the spec models: the API ids, the profiles and the spec error.

Importing this costs nothing beyond the standard library (no pydantic), so a command line can be
parsed, and a start can pause the garbage collector, before any model is built."""

from __future__ import annotations

from typing import Literal

API_IDS: tuple[str, ...] = (
    "alphaess_openapi",
    "alphaess_ras_v2",
    "growatt_v1",
    "apsystems_openapi",
    "isolarcloud",
)

Profile = Literal["observed", "documented"]
PROFILES: tuple[Profile, ...] = ("observed", "documented")


class SpecError(ValueError):
    """A spec file that does not follow the format; the message names file, path and fault."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file, self.path, self.problem = file, path, problem
        super().__init__(f"{file}: at {path or '(top)'}: {problem}")
