"""The store the settings name: the embedded Oxigraph folder, or a remote SPARQL server."""

from __future__ import annotations

from kg.config import Settings
from kg.store.oxigraph import GraphStore


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """`KG_STORE=sparql+http://host:port/path` (credentials in KG_STORE_USER / KG_STORE_PASSWORD) is a
    RemoteStore; anything else is the folder of an embedded store."""
    if settings.store_url is None:
        return GraphStore.open(settings.store, read_only=read_only)
    from kg.store.remote import RemoteStore
    from kg.store.sparql_http import endpoints

    where = endpoints(settings.store_url, update_url=settings.store_update_url,
                      graph_store_url=settings.store_graph_store_url, dialect=settings.store_dialect)
    password = settings.store_password.get_secret_value() if settings.store_password is not None else None
    return RemoteStore(where, user=settings.store_user, password=password, timeout_s=settings.store_timeout_s,
                       auth=settings.store_auth, read_only=read_only, follow_s=settings.store_follow_s)
