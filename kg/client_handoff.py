"""The note a running `kg serve` leaves beside its store: where it listens and its write token.

While the server runs it holds the store's lock, so `kg ingest` cannot open the store; it reads
this note instead and hands the documents to the server's write API (kg.client). The note is
`<store>.server.json`, beside the store's folder (the folder belongs to RocksDB), created with mode
0600 so that only its owner can read the token, and removed when the server stops.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import StoreError

MODE = 0o600


class ServerHandoff(BaseModel):
    """How to reach the server that holds a store, and the token that lets it write."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(description="Base URL of the server, e.g. http://127.0.0.1:8000")
    token: str = Field(min_length=1, description="The bearer token of its write API")
    pid: int = Field(description="The server's process id: which server left the note")


def handoff_path(store: Path) -> Path:
    return store.parent / f"{store.name}.server.json"


def client_url(host: str, port: int) -> str:
    """The URL a client on this machine uses for a server bound to `host` (any-address binds are
    reached over loopback)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def write_handoff(store: Path, handoff: ServerHandoff) -> Path:
    """Write the note atomically, readable only by its owner from the first byte on."""
    path = handoff_path(store)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
    try:
        os.fchmod(descriptor, MODE)  # whatever the umask
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(handoff.model_dump_json() + "\n")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def read_handoff(store: Path) -> ServerHandoff | None:
    """The note of the server holding `store`, or None when there is none. A note that another user
    owns, or that others may read, is refused: its token is not a secret any more."""
    path = handoff_path(store)
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise StoreError(f"{path} is not private to you (owner {info.st_uid}, mode "
                         f"{stat.S_IMODE(info.st_mode):o}): restart the server to make a new one")
    try:
        return ServerHandoff.model_validate_json(text)
    except ValidationError:
        raise StoreError(f"{path} is not a server's note (restart the server to write it again)") from None


def remove_handoff(store: Path, handoff: ServerHandoff) -> None:
    """Remove the note if it is still this server's (a server started since has its own)."""
    path = handoff_path(store)
    try:
        if ServerHandoff.model_validate_json(path.read_text(encoding="utf-8")) == handoff:
            path.unlink()
    except (OSError, ValidationError):
        pass  # gone already, or not ours: either way nothing of this server is left


def remove_stale_handoff(store: Path) -> None:
    """A server that now holds the store removes a note an earlier one left (killed, it could not)."""
    with contextlib.suppress(OSError):
        handoff_path(store).unlink(missing_ok=True)
