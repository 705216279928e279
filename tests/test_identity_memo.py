"""core/identity.per_object: a fact computed once per spec object, found by identity, never answered for
another object that happens to reuse a freed object's id."""

from __future__ import annotations

import gc
import weakref

from solarfakes.simulators.core.identity import per_object


class Model:  # unhashable, as pydantic models are
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, value: int) -> None:
        self.value = value


def test_each_object_is_computed_once_and_equal_objects_each_get_their_own() -> None:
    built: list[Model] = []

    @per_object()
    def doubled(model: Model) -> int:
        built.append(model)
        return model.value * 2

    first, twin = Model(3), Model(3)
    assert [doubled(first), doubled(first), doubled(twin)] == [6, 6, 6]
    assert built == [first, twin]
    assert doubled.__name__ == "doubled"


def test_the_memo_keeps_its_objects_so_an_id_it_holds_stays_their_own() -> None:
    @per_object()
    def value_of(model: Model) -> int:
        return model.value

    model = Model(7)
    alive = weakref.ref(model)
    assert value_of(model) == 7
    del model
    gc.collect()
    assert alive() is not None, "a freed object's id could be reused by another and answered for it"


def test_past_its_bound_the_memo_starts_over() -> None:
    calls: list[int] = []

    @per_object(kept=2)
    def value_of(model: Model) -> int:
        calls.append(model.value)
        return model.value

    kept = [Model(n) for n in range(3)]
    for model in kept:
        value_of(model)
    value_of(kept[0])  # dropped when the third came in
    value_of(kept[2])  # filled after the drop: still there
    assert calls == [0, 1, 2, 0]
