"""custorg: audit organisation designs for customer orientation."""

__version__ = "0.2.0"
