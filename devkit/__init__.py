"""Helpers the tests and the benchmarks share: the repository's paths, small catalogues and dumps, and the
synthetic paper generator. Tests and benchmarks import from here, never from each other."""

from __future__ import annotations

from .fixtures import DATA, ROOT, SEEDS, abstract, block_dump, site_skeleton

__all__ = ["DATA", "ROOT", "SEEDS", "abstract", "block_dump", "site_skeleton"]
