"""python -m kg.extract FILE [--published YYYY-MM-DD] [--format json|yaml]"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kg.claims.io import dump_claims
from kg.errors import InvalidClaims
from kg.extract import Extractor, read_article


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.extract", description="Extract claims from a news article.")
    parser.add_argument("file")
    parser.add_argument("--published", type=_date, help="publication date, overriding the article's header")
    parser.add_argument("--format", choices=("json", "yaml"), default="yaml")
    args = parser.parse_args(argv)
    from kg.gazetteer import load_gazetteer

    try:
        text, published, name = read_article(args.file)
    except InvalidClaims as error:
        print(error.report(), file=sys.stderr)
        return 2
    claims = Extractor(load_gazetteer()).extract(text, document=name, published=args.published or published)
    sys.stdout.write(dump_claims(claims, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
