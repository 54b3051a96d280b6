"""Dependencies: handlers get the store and settings from the app that the factory built."""

from __future__ import annotations

from fastapi import Request

from kg.config import Settings
from kg.store import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
