"""Paging as the spec describes it, for handlers that answer lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from solarfakes.specs.model import Endpoint

T = TypeVar("T")


def page_of(items: Sequence[T], endpoint: Endpoint, args: dict[str, Any]) -> list[T]:
    """The slice of ``items`` that the call's page and size parameters select."""
    paging = endpoint.pagination
    if paging is None or paging.size_param is None:
        return list(items)
    size = int(args.get(paging.size_param) or paging.default_size or len(items) or 1)
    # Without a page parameter (as the Growatt document has it for history) the first page is it.
    page = int(args.get(paging.page_param or "") or paging.first_page)
    start = max((page - paging.first_page) * size, 0)
    return list(items[start : start + size])
