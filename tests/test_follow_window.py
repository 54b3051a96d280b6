"""The follower's window over the server's stamps (kg/store/follow.py), against a stand-in server
whose clock the test moves: a stamp is reported once, a write in flight across a look is not lost,
its own writes are never reported, and a clock set back loses nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyoxigraph as ox

from kg.store.follow import Follower

DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


class Server:
    """Answers the follower's two queries from a table of stamps, with a clock of its own."""

    def __init__(self) -> None:
        self.clock = dt.datetime(2026, 3, 29, 1, 59, 0)
        self.stamps: dict[str, tuple[dt.datetime, str]] = {}  # graph -> (at, write)
        self.committed: set[str] = set()  # stamps visible to readers

    def write(self, graph: str, write: str, *, commit: bool = True) -> None:
        self.stamps[graph] = (self.clock, write)
        if commit:
            self.committed.add(graph)

    def select(self, query: str) -> list[dict[str, Any]]:
        now = ox.Literal(self.clock.isoformat(), datatype=DATETIME)
        if "OPTIONAL" not in query:
            return [{"now": now}]
        since = dt.datetime.fromisoformat(re.search(r'\?at >= "([^"]+)"', query).group(1))
        mine = re.search(r'STRSTARTS\(STR\(\?by\), "([^"]+)"\)', query).group(1)
        rows = [{"now": now, "g": ox.NamedNode(g), "at": ox.Literal(at.isoformat(), datatype=DATETIME),
                 "by": ox.Literal(by)}
                for g, (at, by) in sorted(self.stamps.items())
                if g in self.committed and at >= since and not by.startswith(mine)]
        return rows or [{"now": now, "g": None}]

    def tick(self, seconds: float) -> None:
        self.clock += dt.timedelta(seconds=seconds)


def graph(n: int) -> str:
    return f"https://w3id.org/commitments-kg/id/document/d{n}"


def follower(server: Server) -> Follower:
    found = Follower(server.select, "me", interval_s=0)
    found.start()
    return found


def test_each_stamp_is_reported_once_and_the_followers_own_never() -> None:
    server = Server()
    server.write(graph(0), "other/1")  # before the follower started: already read by its views
    watching = follower(server)
    server.tick(1)
    server.write(graph(1), "other/2")
    server.write(graph(2), "me/1")
    assert watching.changed() == {graph(1)}
    server.tick(1)
    assert watching.changed() == set()
    server.write(graph(1), "other/3")  # the same graph written again
    assert watching.changed() == {graph(1)}


def test_a_write_committed_after_a_look_is_seen_at_the_next() -> None:
    server = Server()
    watching = follower(server)
    server.tick(1)
    server.write(graph(1), "other/1", commit=False)  # stamped, not yet committed
    server.tick(0.5)
    assert watching.changed() == set()
    server.committed.add(graph(1))
    server.tick(0.5)
    assert watching.changed() == {graph(1)}


def test_a_clock_set_back_loses_no_stamp() -> None:
    server = Server()
    watching = follower(server)
    server.tick(30)
    assert watching.changed() == set()
    server.tick(-3600)  # daylight saving ends: the server's local time goes back an hour
    server.write(graph(1), "other/1")
    assert watching.changed() == {graph(1)}
    server.tick(1)
    server.write(graph(2), "other/2")
    assert watching.changed() == {graph(2)}
