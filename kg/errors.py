"""The one exception hierarchy of the project.

Lower layers (YAML, pydantic, rdflib, pyoxigraph, pyshacl) raise their own errors; each call
site translates them into one of these, so the CLI and the API turn errors into exit codes and
problem+json documents in one place each.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of every error this project raises on purpose."""


class InvalidClaims(KGError):
    """A claims file or article could not be read or does not follow the interchange format."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def report(self) -> str:
        """Every problem on a line of its own, each prefixed with the source."""
        return "\n".join(f"{self.source}: {problem}" for problem in self.problems)


class ShapeViolation(KGError):
    """A document's graph does not conform to the SHACL shapes."""

    def __init__(self, source: str, violations: list[str]) -> None:
        self.source = source
        self.violations = violations
        super().__init__(f"{source}: {len(violations)} SHACL violation(s): " + "; ".join(violations))

    def report(self) -> str:
        """Every violation on a line of its own, each prefixed with the source."""
        return "\n".join(f"{self.source}: {v}" for v in self.violations)


class StoreError(KGError):
    """The store could not be opened, read or written."""


class NotFound(KGError):
    """A resource named by its identifier does not exist."""


class QueryError(KGError):
    """A SPARQL query could not be parsed or evaluated."""


class QuerySyntaxError(QueryError):
    """A SPARQL query is not SPARQL: a character no token starts with, or a sequence the grammar refuses."""


class QueryRefused(QueryError):
    """A SPARQL query asks for something this endpoint does not allow (updates, SERVICE, LOAD, outside graphs)."""


class QueryTimeout(QueryError):
    """A SPARQL query ran past its time limit and was stopped."""


class QueryTooLarge(QueryError):
    """A SPARQL query's result went past the result-size limit."""


class QueryOverLimit(QueryError):
    """A SPARQL query is longer, has more tokens or nests deeper than the endpoint reads."""


class QueryMemoryExceeded(QueryError):
    """A SPARQL query used more memory than a query worker may; the worker was replaced."""


class QueryInterrupted(StoreError):
    """The store changed under a running query; the query was not repeated and may be sent again."""


class QueriesBusy(KGError):
    """Every query worker is busy and the queue of waiting queries is full; the query was not started."""


class ExportError(KGError):
    """An export could not be produced (for instance, nothing matched its filters)."""


class MissingDependency(KGError):
    """A program this installation lacks, needed for what was asked (Graphviz's dot for SVG).

    The message is the command line's advice; the API words its own from the attributes: for a
    client the fault is the server's, not the request's (503, not 422)."""

    def __init__(self, dependency: str, needed_for: str, install: str, advice: str) -> None:
        self.dependency = dependency
        self.needed_for = needed_for
        self.install = install
        super().__init__(f"{needed_for} needs {dependency} ({install}); {advice}")
