"""Building an in-memory view of the store in a background thread, while the API answers from the
store until it is ready (the commitment catalogue, the tracked-commitment index)."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable

log = logging.getLogger(__name__)


class BackgroundBuilt(ABC):
    """A view built by `build()`, which sets `_built` when done; `start()` runs it on a thread."""

    _built: threading.Event
    _thread_name = "kg-build"
    _failure = "the view could not be built; the API reads the store"

    @abstractmethod
    def build(self) -> object:
        """Read the store into the view and set `_built`."""

    def start(self, on_error: Callable[[BaseException], None] | None = None) -> threading.Thread:
        """Build in a background thread; the API answers from the store until it is done."""

        def run() -> None:
            try:
                self.build()
            except Exception as error:  # noqa: BLE001 - the API keeps answering from the store
                log.exception(self._failure)
                if on_error:
                    on_error(error)

        thread = threading.Thread(target=run, name=self._thread_name, daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        return self._built.is_set()

    def wait_ready(self, timeout_s: float) -> bool:
        return self._built.wait(timeout_s)

    def after_ready(self, then: Callable[[], object], timeout_s: float) -> None:
        """Call `then` on a thread of its own once the view is built (or after `timeout_s`): work
        that would share the GIL with the build waits for it (kg serve's writer preparing its
        gazetteer and shapes took 0.9 s of the first 3 s of a start from the snapshot)."""

        def run() -> None:
            self._built.wait(timeout_s)
            then()

        threading.Thread(target=run, name=f"{self._thread_name}-then", daemon=True).start()
