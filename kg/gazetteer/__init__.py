"""The actor gazetteer: states, international organisations, groups, media outlets and office holders.

The data are YAML files in ``kg/gazetteer/data`` (states.yaml, organisations.yaml, media.yaml,
people.yaml and the title vocabulary titles.yaml). ``load_gazetteer()`` reads and validates them
and returns a ``Gazetteer``; there is no module-level cache, so callers load once and keep it::

    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    gaz.resolve("the Kremlin").name                    # 'Russia'
    gaz.state_for_demonym("Finnish").name              # 'Finland'
    gaz.resolve_person_by_surname("Rubio").role_on()   # 'Secretary of State of the United States'
"""

from kg.gazetteer.load import DEFAULT_DATA_DIR, load_gazetteer
from kg.gazetteer.model import QID_PATTERN, GazetteerEntry, Post
from kg.gazetteer.normalize import normalize
from kg.gazetteer.resolve import Gazetteer, TitleSpec

__all__ = [
    "DEFAULT_DATA_DIR",
    "QID_PATTERN",
    "Gazetteer",
    "GazetteerEntry",
    "Post",
    "TitleSpec",
    "load_gazetteer",
    "normalize",
]
