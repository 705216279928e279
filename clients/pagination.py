"""Pagination driven by the spec's ``pagination`` block: the page and size params, the list at
``items_field`` (dotted), the count at ``total_field``. Pure functions; the shells loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solarfakes.specs.model import Endpoint, Pagination


class NotPaginated(TypeError):
    """The endpoint has no page-style pagination in the spec."""


def page_rule(endpoint: Endpoint) -> Pagination:
    rule = endpoint.pagination
    if rule is None or rule.style != "page" or rule.page_param is None:
        raise NotPaginated(f"{endpoint.id} is not paginated in the spec")
    return rule


# The page size asked for where the spec requires a size param but gives neither a maximum nor a default
# (iSolarCloud: none is documented; clients send 10 or 100, vendor-reality isolarcloud §5).
FALLBACK_SIZE = 100


def first_params(endpoint: Endpoint, rule: Pagination, params: dict[str, Any]) -> dict[str, Any]:
    """The first page's params: the spec's first page, and the largest size it allows (else its default, else
    ``FALLBACK_SIZE`` where the size is required)."""
    first = {name: value for name, value in params.items() if value is not None}
    first.setdefault(rule.page_param or "page", rule.first_page)
    required = any(p.name == rule.size_param and p.required for p in endpoint.params)
    size = rule.max_size or rule.default_size or (FALLBACK_SIZE if required else None)
    if rule.size_param is not None and size is not None:
        first.setdefault(rule.size_param, size)
    return first


def dotted(payload: Any, path: str | None) -> Any:
    value = payload
    for part in (path or "").split("."):
        if not part:
            continue
        value = value.get(part) if isinstance(value, dict) else None
    return value


def page_items(rule: Pagination, payload: Any) -> list[Any]:
    items = dotted(payload, rule.items_field) if rule.items_field else payload
    return list(items) if isinstance(items, list) else []


def next_params(rule: Pagination, params: dict[str, Any], payload: Any, seen: int, got: int) -> dict[str, Any] | None:
    """The next page's params, or None when the last page is read: the total is reached (where the spec
    names a total field), a page came back short or empty, or the spec's page cap is reached."""
    if got == 0:
        return None
    page_param = rule.page_param or "page"
    page = int(params[page_param])
    total = dotted(payload, rule.total_field) if rule.total_field else None
    if isinstance(total, int | str) and str(total).isdigit():
        if seen >= int(total):
            return None
    else:
        size = params.get(rule.size_param or "") if rule.size_param else None
        if size is not None and got < int(size):
            return None
    if rule.max_pages is not None and page - rule.first_page + 1 >= rule.max_pages:
        return None
    return {**params, page_param: page + 1}
