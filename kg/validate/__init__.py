"""SHACL validation of document graphs against shapes/ and ontology/."""

from kg.validate.shacl import ValidationResult, Validator
from kg.validate.compiled import CompiledShapes, UnsupportedShape

__all__ = ["CompiledShapes", "UnsupportedShape", "ValidationResult", "Validator"]
