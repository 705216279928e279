"""Paging as the spec describes it, for handlers that answer lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Endpoint, FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.vendor import Page

T = TypeVar("T")


def page_of(items: Sequence[T], endpoint: Endpoint, args: dict[str, Any]) -> list[T]:
    """The slice of ``items`` that the call's page and size parameters select."""
    paging = endpoint.pagination
    if paging is None or paging.size_param is None:
        return list(items)
    size = int(args.get(paging.size_param) or paging.default_size or len(items) or 1)
    # Where the document gives no page parameter (Growatt's history) the first page is all there is.
    undocumented = paging.style == "none_documented" or paging.page_param is None
    page = paging.first_page if undocumented else int(args.get(paging.page_param or "") or paging.first_page)
    start = max((page - paging.first_page) * size, 0)
    return list(items[start : start + size])


def lay_out(page: Page[Any], endpoint: Endpoint, args: dict[str, Any]) -> dict[str, Any]:
    """A handler's Page as the vendor's payload: the total, the rendered slice under the spec's
    ``items_field`` (a dotted path) and the page's other fields."""
    paging = endpoint.pagination
    if paging is None or paging.items_field is None:
        raise TypeError(f"{endpoint.id} answered a Page but its spec has no pagination.items_field")
    chosen = page_of(page.items, endpoint, args)
    rows = [page.render(item) for item in chosen] if page.render is not None else chosen
    payload: dict[str, Any] = {}
    if paging.total_field is not None:
        put(payload, paging.total_field, len(page.items) if page.total is None else page.total)
    put(payload, paging.items_field, rows)
    for key, value in page.extra.items():
        payload.setdefault(key, value)
    # Keys in the order the response schema lists them, as the vendor writes them; any it does not
    # list after them, as they were put.
    order = key_order(endpoint)
    ordered = {key: payload[key] for key in order if key in payload}
    if len(ordered) < len(payload):
        ordered.update((key, value) for key, value in payload.items() if key not in ordered)
    return ordered


@per_object()
def key_order(endpoint: Endpoint) -> dict[str, int]:
    """The position of each key its response schema lists, worked out once per endpoint."""
    listed = (endpoint.response.schema_.properties or {}).keys()
    return {key: index for index, key in enumerate(listed)}


def put(payload: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for name in parents:
        payload = payload.setdefault(name, {})
    payload[last] = value


def row_schema_of(endpoint: Endpoint) -> FieldSchema | None:
    """The schema the shape step applies to each row a Page lays out under ``items_field``."""
    paging = endpoint.pagination
    schema: FieldSchema | None = endpoint.response.schema_
    if paging is None or paging.items_field is None:
        return None
    for name in paging.items_field.split("."):
        schema = (schema.properties or {}).get(name) if schema is not None else None
    return schema.items if schema is not None else None
