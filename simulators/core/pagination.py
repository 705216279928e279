"""Paging as the spec describes it, for handlers that answer lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Endpoint, FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.vendor import Page

T = TypeVar("T")
WRITTEN_ORDERS_KEPT = 64  # orders of keys kept per endpoint


@dataclass(frozen=True, slots=True)
class Layout:
    """What ``lay_out`` reads of an endpoint's paging and response schema, read once per endpoint."""

    size_param: str | None  # None: every item is on the page
    page_param: str | None  # None: the first page is all there is
    first_page: int
    default_size: int | None
    total_path: tuple[str, ...] | None
    items_path: tuple[str, ...]
    key_order: dict[str, int]  # the position of each key the response schema lists
    # a payload's keys in the order it is written, by its keys as put (a page's keys are the same each call)
    written_orders: dict[tuple[str, ...], tuple[str, ...]]

    def written_order(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """``keys`` in the order the response schema lists them, as the vendor writes them; any it does
        not list after them, in their own order."""
        found = self.written_orders.get(keys)
        if found is None:
            listed = [key for key in self.key_order if key in keys]
            found = tuple(listed + [key for key in keys if key not in self.key_order])
            if len(self.written_orders) >= WRITTEN_ORDERS_KEPT:
                self.written_orders.clear()
            self.written_orders[keys] = found
        return found


@per_object()
def layout_of(endpoint: Endpoint) -> Layout | None:
    """None where the endpoint has no ``pagination.items_field`` to lay a page out under."""
    paging = endpoint.pagination
    if paging is None or paging.items_field is None:
        return None
    # Where the document gives no page parameter (Growatt's history) the first page is all there is.
    undocumented = paging.style == "none_documented" or paging.page_param is None
    return Layout(
        size_param=paging.size_param,
        page_param=None if undocumented else paging.page_param,
        first_page=paging.first_page,
        default_size=paging.default_size,
        total_path=tuple(paging.total_field.split(".")) if paging.total_field is not None else None,
        items_path=tuple(paging.items_field.split(".")),
        key_order=key_order(endpoint),
        written_orders={},
    )


def page_of(items: Sequence[T], layout: Layout, args: dict[str, Any]) -> list[T]:
    """The slice of ``items`` that the call's page and size parameters select."""
    if layout.size_param is None:
        return list(items)
    size = int(args.get(layout.size_param) or layout.default_size or len(items) or 1)
    first = layout.first_page
    page = first if layout.page_param is None else int(args.get(layout.page_param) or first)
    start = max((page - first) * size, 0)
    return list(items[start : start + size])


def lay_out(page: Page[Any], endpoint: Endpoint, args: dict[str, Any]) -> dict[str, Any]:
    """A handler's Page as the vendor's payload: the total, the rendered slice under the spec's
    ``items_field`` (a dotted path) and the page's other fields."""
    layout = layout_of(endpoint)
    if layout is None:
        raise TypeError(f"{endpoint.id} answered a Page but its spec has no pagination.items_field")
    chosen = page_of(page.items, layout, args)
    rows = [page.render(item) for item in chosen] if page.render is not None else chosen
    payload: dict[str, Any] = {}
    if layout.total_path is not None:
        put(payload, layout.total_path, len(page.items) if page.total is None else page.total)
    put(payload, layout.items_path, rows)
    for key, value in page.extra.items():
        payload.setdefault(key, value)
    keys = tuple(payload)
    order = layout.written_order(keys)
    return payload if order == keys else dict(zip(order, map(payload.__getitem__, order), strict=True))


@per_object()
def key_order(endpoint: Endpoint) -> dict[str, int]:
    """The position of each key its response schema lists, worked out once per endpoint."""
    listed = (endpoint.response.schema_.properties or {}).keys()
    return {key: index for index, key in enumerate(listed)}


def put(payload: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """``value`` at ``path`` (a dotted field's names) in ``payload``, its parents made as needed."""
    *parents, last = path
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
