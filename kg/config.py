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
    catalogue: bool = Field(default=True, description="Serve the REST lists of commitments from an in-memory "
                            "catalogue kept in step with the store (off: every page is a SPARQL query)")
    catalogue_snapshot: bool = Field(default=True, description="Keep the catalogue's records in a file beside the "
                                     "store (<store>.catalogue.json) so that a restart over the same documents skips "
                                     "the build")
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest request body accepted")
    shacl_engine: Literal["compiled", "pyshacl"] = Field(
        default="compiled", description="What validates each document: the compiled shapes, or pyshacl")
