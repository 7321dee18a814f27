"""custorg: audit organisation designs for customer orientation."""

__version__ = "0.1.0"
