"""What a store that keeps its entries in arrays shares with a state file: the keys it changed since the
file's last commit. The store notes them in ``touched`` itself (while tracked; ``None`` while no state
file follows it), each store in the order its rows need."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

K = TypeVar("K")


class ChangedKeys(Generic[K]):
    lock: threading.Lock
    touched: dict[K, None] | None  # an ordered set of the keys changed since the last take

    def track(self) -> None:
        """Note the keys changed from now on, for a state file's ``take``."""
        with self.lock:
            self.touched = {}

    def take(self) -> tuple[bool, list[K]]:
        """The keys changed since the last take (their rows to rewrite, or delete if gone)."""
        touched, self.touched = list(self.touched or ()), {}
        return False, touched

    def give_back(self, cleared: bool, touched: list[K]) -> None:
        """Undo a take whose rows could not be written, so the next commit writes them."""
        self.touched = dict.fromkeys([*touched, *(self.touched or ())])
