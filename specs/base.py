"""The base models every spec item builds on."""

# Annotations are not postponed here: see model.py.

from pydantic import BaseModel, ConfigDict, Field


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Sourced(Item):
    source: str = Field(min_length=3, description="document section or vendor-reality fact")
    note: str | None = None
