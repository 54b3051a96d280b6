"""Settings from the environment (KG_*) with command-line flags taking precedence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, DotEnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


class Settings(BaseSettings):
    """Everything configurable; the API factory and the CLI both take one of these."""

    model_config = SettingsConfigDict(env_prefix="KG_", frozen=True)

    store: Path = Field(default=Path("data/store"), description="Folder of the Oxigraph store")
    # A remote store: KG_STORE=sparql+http://host:port/path puts the URL here (and leaves `store`
    # at its default, unused). Credentials never go in the URL: KG_STORE_USER, KG_STORE_PASSWORD.
    store_url: str | None = Field(default=None, description="SPARQL 1.1 endpoint of a remote store "
                                  "(sparql+http://host:port/path; given as KG_STORE or --store)")
    store_user: str | None = Field(default=None, description="User of the remote store (digest or basic auth)")
    store_password: SecretStr | None = Field(default=None, description="Password of the remote store; from the "
                                             "environment or the settings file, never a command-line flag")
    store_auth: Literal["digest", "basic"] = Field(default="digest", description="HTTP authentication scheme "
                                                   "of the remote store")
    store_update_url: str | None = Field(default=None, description="SPARQL Update endpoint, when not the query "
                                         "endpoint (Fuseki: .../update)")
    store_graph_store_url: str | None = Field(default=None, description="Graph Store protocol endpoint (default: "
                                              "Virtuoso's /sparql-graph-crud-auth beside /sparql-auth; none "
                                              "elsewhere, graphs are then read with SPARQL)")
    store_dialect: Literal["auto", "virtuoso", "generic"] = Field(default="auto", description="Server quirks to "
                                                                  "undo; auto reads the server's Server header")
    store_timeout_s: float = Field(default=120.0, gt=0, description="Time limit of one request to the remote "
                                   "store (public /sparql queries keep KG_QUERY_TIMEOUT_S)")
    store_follow_s: float = Field(default=1.0, ge=0, description="How often, at most, a process asks the remote "
                                  "store which graphs other processes wrote, to bring its catalogue and caches up "
                                  "to date (seconds; 0: never)")
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
    telemetry: bool = Field(default=False, description="FastAPI's OpenTelemetry spans, metrics and logs (they need a "
                            "provider configured in the process); off, FastAPI skips asking for one per request")
    switch_interval_s: float = Field(default=0.0005, gt=0, le=0.1, description="How long the server's writer "
                                     "thread (SHACL, linking) may hold Python's lock before a request takes a turn "
                                     "(sys.setswitchinterval; Python's default is 0.005)")
    malloc_arenas: int = Field(default=2, ge=0, le=64, description="Most glibc malloc arenas in the server and its "
                               "query workers (M_ARENA_MAX); 0 leaves glibc's default of eight per core")
    query_allocator: Literal["jemalloc", "system"] = Field(
        default="jemalloc", description="The C allocator the query workers run with: jemalloc (Debian's "
        "libjemalloc2, preloaded when installed; the heavy queries take 15-20% less CPU) or the C library's malloc")
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest request body accepted")
    shacl_engine: Literal["compiled", "pyshacl"] = Field(
        default="compiled", description="What validates each document: the compiled shapes, or pyshacl")

    @model_validator(mode="before")
    @classmethod
    def _remote_store(cls, values: Any) -> Any:
        """KG_STORE (or --store) may be a sparql+http(s):// URL instead of a folder."""
        if isinstance(values, dict):
            store = values.get("store")
            if isinstance(store, str) and store.lower().startswith(REMOTE_SCHEMES):
                values = {**values, "store_url": store}
                values.pop("store")
        return values

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags, then the environment, then the settings file KG_SETTINGS_FILE names (KEY=value lines,
        the KG_ names), read when the settings are made, not at import."""
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        settings_file = os.environ.get("KG_SETTINGS_FILE")
        if settings_file:
            if not Path(settings_file).is_file():
                raise ValueError(f"KG_SETTINGS_FILE names {settings_file}, which is not a file")
            sources.append(DotEnvSettingsSource(settings_cls, env_file=settings_file, env_prefix="KG_"))
        return (*sources, file_secret_settings)
