"""What the REST list routes can keep between requests: each catalogue item's JSON, and whether an
actor exists, both until the store is next written.

A page of an actor's 20 commitments cost 1.2 ms of CPU in the handler, two thirds of it building
20 pydantic items from catalogue records and serialising them again; the same items come back
page after page. An item's JSON depends on its record and on what the catalogue knows besides
(actor names, document facts), which change only with a write, and every write of the server's
store handle advances `store.generation`: the caches are dropped when it moves. The generation is
read before the catalogue catches up with the store, so what is kept is never older than the
generation it is kept under. A store without a generation (remote) keeps nothing.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

ITEMS_KEPT = 8192  # about 1 KB each: 8 MB at most per catalogue
ACTORS_KEPT = 4096


class Kept:
    """A bounded least-recently-used map from keys to values, valid for one store generation."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, generation: int | None, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept for `key` at this generation, else `make()` (kept when there is a generation)."""
        if generation is None:
            return make()
        with self._lock:
            if generation != self._generation:
                self._values.clear()
                self._generation = generation
            found = self._values.get(key, _MISSING)
            if found is not _MISSING:
                self._values.move_to_end(key)
                return found
        value = make()
        with self._lock:
            if generation == self._generation:
                self._values[key] = value
                if len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value


_MISSING = object()
_kept: weakref.WeakKeyDictionary[Any, dict[str, Kept]] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def kept(owner: Any, name: str, size: int) -> Kept:
    """The `name` cache of `owner` (a catalogue, a store), made on first use, gone with the owner."""
    with _kept_lock:
        caches = _kept.setdefault(owner, {})
        cache = caches.get(name)
        if cache is None:
            cache = caches[name] = Kept(size)
        return cache


def generation(store: Any) -> int | None:
    """The store handle's write count, or None for a store that does not keep one."""
    value = getattr(store, "generation", None)
    return value if isinstance(value, int) else None
