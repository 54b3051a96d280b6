"""A SPARQL 1.1 lexer for the read-only guard: which words a query uses, however it is spelt.

The guard must know whether pyoxigraph will see SERVICE (it calls any host), FROM, or an update
keyword. A regular expression that "removes strings and IRIs" only approximates the grammar: a
prefixed name with an escaped quote (`ex:a\\'`, PN_LOCAL_ESC) opened a fake string there and hid
a SERVICE after it. This module reads the query with the grammar's own terminals (SPARQL 1.1
§19.8): IRIREF (with \\u escapes), PNAME_NS / PNAME_LN with PLX (percent and backslash escapes),
BLANK_NODE_LABEL, VAR1 / VAR2, LANGTAG, numbers, the four string forms with ECHAR and \\u
escapes, comments, and the punctuation; anything else is a lexical error, so nothing is skipped.

Two things a context-free lexer cannot know, and how they are handled:

* pyoxigraph's parser matches keywords without a word boundary (`SERVICEex:y` is SERVICE then
  `ex:y`; `SERVICESILENT` is SERVICE SILENT). So a bare word or a prefix name that merely
  CONTAINS a dangerous keyword counts as that keyword.
* `<` after an operand inside parentheses is either the less-than operator or the start of an
  IRI (in a collection), and which one decides what follows (`FILTER(?x<?y)SERVICE?s#>` is an
  operator for the engine, an IRI for a naive lexer). At every such place the query is read both
  ways, and the words of every reading count. A query with more such places than `MAX_READINGS`
  is reported `undecided`, and the caller asks a full parser instead.

SPARQL 1.1 §19.2 also lets `\\u` escapes stand anywhere, decoded before parsing. pyoxigraph
decodes them only in strings and IRIs. A query with such escapes is read both as written and
decoded, and must lex cleanly both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import QueryOverLimit, QuerySyntaxError

MAX_READINGS = 32

_HEX = "0-9A-Fa-f"
_UCHAR = rf"\\u[{_HEX}]{{4}}|\\U[{_HEX}]{{8}}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_PLX = rf"%[{_HEX}]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_EXPONENT = r"[eE][+-]?[0-9]+"

# One alternative per terminal, tried in this order at each position (longest forms first).
_TOKEN = re.compile("|".join((
    r"(?P<ws>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
    rf'(?P<string>"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'
    rf"|'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"
    rf'|"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'
    rf"|'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*')",
    rf"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    rf"(?P<var>[?$]{_VARNAME})",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)",
    rf"(?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+)",
    rf"(?P<pname>(?P<prefix>{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<open><<|[({\[])",
    r"(?P<close>>>|[)}\]])",
    r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|[<>=!+\-*/^|?;,.])",
)))

_OPERANDS = frozenset({"iri", "string", "var", "number", "pname", "bnode", "langtag", "close", "word"})


@dataclass
class Scan:
    """What the lexer saw in every reading of a query."""

    words: set[str] = field(default_factory=set)    # bare words and prefix names, upper-cased
    tokens: int = 0
    depth: int = 0                                   # deepest nesting of ( { [ <<
    undecided: bool = False                          # more ambiguous `<` than MAX_READINGS

    def contains(self, keyword: str) -> bool:
        """Whether any word holds `keyword` (upper case) anywhere: the engine needs no boundary."""
        return any(keyword in word for word in self.words)


@dataclass(frozen=True)
class _State:
    position: int
    stack: tuple[str, ...]
    previous: str


def _where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def _read(text: str, state: _State, scan: Scan, as_operator: bool, max_tokens: int) -> tuple[list[_State], int]:
    """Read from `state` to the end, adding to `scan`; return the ambiguous places met on the way
    and the number of tokens read.

    With `as_operator`, the `<` at the starting position is read as the less-than operator.
    """
    position, stack, previous = state.position, list(state.stack), state.previous
    ambiguous: list[_State] = []
    tokens = 0
    end = len(text)
    while position < end:
        if as_operator:
            kind, token_end = "punct", position + (2 if text.startswith("<=", position) else 1)
            as_operator = False
        else:
            match = _TOKEN.match(text, position)
            if match is None:
                raise _error(text, position)
            kind, token_end = match.lastgroup or "", match.end()
            if kind == "iri" and stack and stack[-1] == "(" and previous in _OPERANDS:
                ambiguous.append(_State(position, tuple(stack), previous))
            if kind == "word":
                scan.words.add(match.group("word").upper())
            elif kind == "pname" and match.group("prefix"):
                scan.words.add(match.group("prefix").upper())
        if kind in ("ws", "comment"):
            position = token_end
            continue
        tokens += 1
        if tokens > max_tokens:
            raise QueryOverLimit(f"the query has more than {max_tokens} tokens, the most this endpoint reads; "
                                 "split it or use fewer terms")
        if kind == "open":
            stack.append(text[position:token_end])
            scan.depth = max(scan.depth, len(stack))
        elif kind == "close" and stack:
            stack.pop()
        previous = kind
        position = token_end
    return ambiguous, tokens


def _error(text: str, position: int) -> QuerySyntaxError:
    here = text[position:position + 20]
    if here.startswith(("\\u", "\\U")):
        return QuerySyntaxError(f"SPARQL syntax error at {_where(text, position)}: a \\u escape outside a string or "
                              "an IRI; write the character itself")
    if here[:1] in "'\"":
        return QuerySyntaxError(f"SPARQL syntax error at {_where(text, position)}: a string that is not closed on "
                              "its line, or has an escape SPARQL does not know")
    return QuerySyntaxError(f"SPARQL syntax error at {_where(text, position)}: unexpected {here[:1]!r} "
                          f"(no SPARQL token starts with {here!r})")


def _read_all_ways(text: str, scan: Scan, max_tokens: int) -> None:
    pending, tokens = _read(text, _State(0, (), ""), scan, False, max_tokens)
    scan.tokens = max(scan.tokens, tokens)
    readings = 0
    while pending:
        state = pending.pop()
        readings += 1
        if readings > MAX_READINGS:
            scan.undecided = True
            return
        try:
            pending.extend(_read(text, state, scan, True, max_tokens)[0])
        except QuerySyntaxError:
            pass  # the engine cannot read it this way either


_ESCAPE = re.compile(rf"{_UCHAR}")


def decode_escapes(text: str) -> str:
    """SPARQL 1.1 §19.2: \\u and \\U code point escapes, decoded before the grammar applies."""
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(0)[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)
    return _ESCAPE.sub(replace, text)


def scan(text: str, *, max_tokens: int = 20_000) -> Scan:
    """Every word of every reading of `text`, its token count and depth. Raises QueryError."""
    result = Scan()
    _read_all_ways(text, result, max_tokens)
    if "\\u" in text or "\\U" in text:
        decoded = decode_escapes(text)
        if decoded != text:
            try:
                _read_all_ways(decoded, result, max_tokens)
            except QuerySyntaxError:
                raise QuerySyntaxError("the query reads differently once its \\u escapes are decoded as SPARQL 1.1 "
                                     "(§19.2) says; write the characters themselves") from None
    return result
