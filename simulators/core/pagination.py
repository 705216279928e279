"""Paging as the spec describes it, for handlers that answer lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from specs.model import Endpoint

T = TypeVar("T")


def page_of(items: Sequence[T], endpoint: Endpoint, args: dict[str, Any]) -> list[T]:
    """The slice of ``items`` that the call's page and size parameters select."""
    paging = endpoint.pagination
    if paging is None or paging.style == "none_documented":
        return list(items)
    size = int(args.get(paging.size_param or "", paging.default_size or len(items) or 1) or 1)
    page = int(args.get(paging.page_param or "", paging.first_page) or paging.first_page)
    if paging.style == "offset":
        return list(items[page : page + size])
    start = (page - paging.first_page) * size
    return list(items[max(start, 0) : max(start, 0) + size])
