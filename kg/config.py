"""Settings from the environment (KG_*) with command-line flags taking precedence."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable; the API factory and the CLI both take one of these."""

    model_config = SettingsConfigDict(env_prefix="KG_", frozen=True)

    store: Path = Field(default=Path("data/store"), description="Folder of the Oxigraph store")
    host: str = Field(default="127.0.0.1", description="Address the API listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the API listens on")
    write_token: str | None = Field(default=None, description="Bearer token for writes; none turns writes off")
    query_timeout_s: float = Field(default=10.0, gt=0, description="Time limit of one SPARQL query")
    query_max_rows: int = Field(default=10_000, ge=1, description="Most rows (or triples) one query may return")
    query_workers: int = Field(default=2, ge=1, le=16, description="Processes that run public SPARQL queries")
    query_memory_mb: int = Field(default=512, ge=64, description="Most memory (resident MB) a SPARQL query worker may "
                                 "use; a query that needs more is stopped with 503 and the worker replaced")
    query_queue: int = Field(default=16, ge=0, description="Most SPARQL queries that wait for a busy worker; more are "
                             "answered 503 with Retry-After at once")
    query_max_chars: int = Field(default=200_000, ge=1_000, description="Longest SPARQL query text read")
    query_max_tokens: int = Field(default=20_000, ge=100, description="Most tokens in one SPARQL query")
    query_max_depth: int = Field(default=64, ge=4, le=1_000, description="Deepest nesting of brackets in one query")
    query_sandbox: bool = Field(default=True, description="Deny the query workers every network socket (Linux "
                                "seccomp); off only where seccomp is unavailable, leaving the guard as the one "
                                "defence against SERVICE")
    catalogue: bool = Field(default=True, description="Serve the REST lists of commitments from an in-memory "
                            "catalogue kept in step with the store (off: every page is a SPARQL query)")
    catalogue_snapshot: bool = Field(default=True, description="Keep the catalogue's records in a file beside the "
                                     "store (<store>.catalogue.json) so that a restart over the same documents skips "
                                     "the build")
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest request body accepted")
    shacl_engine: Literal["compiled", "pyshacl"] = Field(
        default="compiled", description="What validates each document: the compiled shapes, or pyshacl")
