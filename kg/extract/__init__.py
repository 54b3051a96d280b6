"""Rule-based extraction of actors, commitments and events from news articles.

    from kg.gazetteer import load_gazetteer
    from kg.extract import Extractor, read_article

    extractor = Extractor(load_gazetteer())          # build once, reuse
    text, published, name = read_article("article.txt")
    claims = extractor.extract(text, document=name, published=published)
"""

from kg.extract.article import read_article
from kg.extract.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, Extractor, extract

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "Extractor", "extract", "read_article"]
