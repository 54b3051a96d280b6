"""Linking: reports of one real-world commitment, grouped as a tracked commitment (see kg/link/README in the main README)."""
