"""SHACL validation of document graphs against shapes/ and ontology/."""

from kg.validate.shacl import ValidationResult, Validator

__all__ = ["ValidationResult", "Validator"]
