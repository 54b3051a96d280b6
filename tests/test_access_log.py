"""The server's access log (uvicorn's line, written without copying each record), and FastAPI's
telemetry, off unless asked for."""

from __future__ import annotations

import logging
import logging.config

from api.access_log import AccessFormatter, logging_config


def record(*args: object) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None)


def test_an_access_line_reads_as_uvicorns_without_colours() -> None:
    line = AccessFormatter().format(record("127.0.0.1:5123", "POST", "/sparql?format=json", "1.1", 200))
    assert line == 'INFO:     127.0.0.1:5123 - "POST /sparql?format=json HTTP/1.1" 200 OK'


def test_a_status_without_a_phrase_is_written_as_its_number() -> None:
    line = AccessFormatter().format(record("127.0.0.1:5123", "GET", "/", "1.1", 599))
    assert line.endswith('"GET / HTTP/1.1" 599')


def test_a_record_of_another_shape_is_written_as_its_message() -> None:
    other = logging.LogRecord("uvicorn.access", logging.WARNING, __file__, 1, "odd %s", ("line",), None)
    assert AccessFormatter().format(other) == "WARNING:  odd line"


def test_the_configuration_is_uvicorns_with_this_formatter_for_the_access_log() -> None:
    # Checked without dictConfig, which would rewire the test session's own loggers.
    from uvicorn.config import LOGGING_CONFIG

    config = logging_config()
    factory = logging.config.BaseConfigurator({}).resolve(config["formatters"]["access"]["()"])
    assert factory is AccessFormatter
    assert config["handlers"]["access"]["formatter"] == "access"
    assert {k: v for k, v in config.items() if k != "formatters"} == {k: v for k, v in LOGGING_CONFIG.items()
                                                                       if k != "formatters"}


def test_fastapi_telemetry_is_off_unless_asked_for(tmp_path) -> None:
    # Off, FastAPI skips looking up OpenTelemetry's providers for every request (README, Performance).
    from api.app import create_app
    from kg.config import Settings
    from kg.store import GraphStore

    store = GraphStore.open(tmp_path / "store")
    quiet = create_app(Settings(store=tmp_path / "store", catalogue=False), store)
    asked = create_app(Settings(store=tmp_path / "store", catalogue=False, telemetry=True), store)
    assert not any(quiet._telemetry[k] for k in ("tracing", "metrics", "logs"))  # type: ignore[attr-defined]
    assert all(asked._telemetry[k] for k in ("tracing", "metrics", "logs"))  # type: ignore[attr-defined]
