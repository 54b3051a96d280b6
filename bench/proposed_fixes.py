"""What-if: the ingest fixes proposed in docs/performance.md, applied by monkeypatching.

Nothing here changes kg/. `apply()` patches the running process (and the worker processes it
forks afterwards) so the benchmark can show what each proposed change to kg/ would buy:

    python -m bench.profile_ingest --docs DIR            # step-by-step, before and after
    python -m bench.ingest_child --docs DIR --store S --workers 2 --what-if

1. kg/claims/io.py `_DatesAsText`: derive it from `yaml.CSafeLoader` (libyaml) instead of the
   pure-Python `yaml.SafeLoader`; the implicit-resolver override that keeps dates as text works
   the same (resolution stays in Python). Same mappings out, ~7x faster parsing.
2. kg/validate/shacl.py `Validator.__init__`: give each property shape of a targeted node shape
   the node shape's targets and validate it as a top-level shape. pyshacl re-creates every
   constraint component of a nested property shape for each focus node (shape.py, Shape.validate
   called once per focus node from PropertyConstraintComponent._evaluate_property_shape); a
   targeted property shape is evaluated once over all its focus nodes. Same results; the source
   shape of a result is the property shape, so `_node_shape` maps it back through a dict.
3. kg/validate/shacl.py `Validator.validate`: pass `inplace=True` so pyshacl does not clone the
   whole data graph to mix in the 30-triple class hierarchy, then remove those triples again
   (the mapper never writes rdfs:subClassOf, so nothing of the document is lost); and
   `advanced=False` (the shapes use no SHACL-AF feature).
"""

from __future__ import annotations

from typing import Any

APPLIED: list[str] = []


def flatten_shapes(shapes: Any) -> tuple[Any, dict[Any, Any]]:
    """A copy of the shapes graph where targeted node shapes' property shapes carry the targets
    (the fix now lives in kg.validate.shacl.flatten; kept here so older what-if runs still work)."""
    from kg.validate.shacl import flatten

    return flatten(shapes)


def apply(*, yaml_loader: bool = True, flat_shapes: bool = True, no_clone: bool = True) -> list[str]:
    """Patch kg in this process; returns the names of the fixes applied."""
    if yaml_loader:
        import yaml

        from kg.claims import io

        if hasattr(yaml, "CSafeLoader") and issubclass(io._DatesAsText, yaml.CSafeLoader):
            APPLIED.append("yaml_cloader: already in kg/claims/io.py")
        elif hasattr(yaml, "CSafeLoader"):
            class _DatesAsText(yaml.CSafeLoader):  # type: ignore[misc, valid-type]
                pass

            _DatesAsText.yaml_implicit_resolvers = {
                first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
            }
            io._DatesAsText = _DatesAsText
            APPLIED.append("yaml_cloader")

    import inspect

    from kg.validate import shacl

    source = inspect.getsource(shacl)
    if "inplace=True" in source and flat_shapes and no_clone and ("_TARGETS" in source or "targetClass" in source):
        APPLIED.append("flat_property_shapes: already in kg/validate/shacl.py")
        APPLIED.append("validate_inplace_no_clone: already in kg/validate/shacl.py")
        flat_shapes = no_clone = False
    if flat_shapes or no_clone:
        from pyshacl import validate as pyshacl_validate
        from rdflib import URIRef

        original_init = shacl.Validator.__init__
        original_node_shape = shacl.Validator._node_shape

        def __init__(self: Any, shapes: Any = None, ontology: Any = None) -> None:
            original_init(self, shapes, ontology)
            self._owners = {}
            if flat_shapes:
                self.shapes, self._owners = flatten_shapes(self.shapes)

        def _node_shape(self: Any, source: object) -> str:
            owner = getattr(self, "_owners", {}).get(source)
            if isinstance(owner, URIRef):
                return str(owner).rsplit("#", 1)[-1]
            return original_node_shape(self, source)

        def validate(self: Any, data: Any) -> Any:
            if not no_clone:
                conforms, report, _ = pyshacl_validate(
                    data, shacl_graph=self.shapes, ont_graph=self._hierarchy, inference="none",
                    abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=True)
            else:
                added = [t for t in self._hierarchy if t not in data]
                try:
                    conforms, report, _ = pyshacl_validate(
                        data, shacl_graph=self.shapes, ont_graph=self._hierarchy, inference="none",
                        abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=False, inplace=True)
                finally:
                    for triple in added:
                        data.remove(triple)
            if conforms:
                return shacl.ValidationResult(True)
            return shacl.ValidationResult(False, self._messages(report))

        shacl.Validator.__init__ = __init__
        shacl.Validator._node_shape = _node_shape
        shacl.Validator.validate = validate
        if flat_shapes:
            APPLIED.append("flat_property_shapes")
        if no_clone:
            APPLIED.append("validate_inplace_no_clone")
    return list(APPLIED)
