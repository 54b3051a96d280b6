"""/sparql reads a form or a query string as parse_qsl(..., keep_blank_values=True) does, by a faster
path where it can (api.sparql_route.form_fields): the same fields for any bytes."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode

import pytest

from api.sparql_route import form_fields

QUERY = ('PREFIX ck: <https://w3id.org/commitments-kg/ontology#>\nSELECT ?s (STR(?o) AS ?t) WHERE {\n'
         '  ?s ck:label "a \\"b\\" + c & d = e ; é 中 😀 \\\\ %41" FILTER(?o != 1) } LIMIT 10\n')
CASES = [b"", b"&", b"&&query=x&&", b"query", b"query=", b"=x", b"a=b=c", b"a+b=c+d", b"q=%41%42%43",
         b"q=%e2%82%ac", b"q=%E2%82", b"q=%zz", b"q=%4", b"q=%", b"q=100%", b"q=%%41", b"q=\\x41",
         b"q=\\%41", b"q=%5C%78%34%31", b"q=\\", b"q=\\\\x", b"q=caf\xe9", b"q=%C3%A9&r=\xc3\xa9",
         b"query=a&query=b", b"default-graph-uri=http%3A%2F%2Fex.org%2Fg&query=ASK%7B%7D",
         urlencode({"query": QUERY}).encode(), urlencode({"query": QUERY, "named-graph-uri": "urn:x:é"}).encode()]


@pytest.mark.parametrize("data", CASES)
def test_the_fields_are_parse_qsl_s(data: bytes) -> None:
    assert form_fields(data) == parse_qsl(data.decode("latin-1"), keep_blank_values=True)


def test_random_bytes_read_the_same() -> None:
    rng = random.Random(7)
    alphabet = b"ab=&+%\\x0123456789AaFfGz\x00\x7f\x80\xc3\xa9 \n"
    for _ in range(5000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert form_fields(data) == parse_qsl(data.decode("latin-1"), keep_blank_values=True), data
