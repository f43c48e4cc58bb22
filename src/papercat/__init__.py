"""papercat: a static-site generator for an annotated catalogue of ML papers."""

__version__ = "0.1.0"
