"""Exception types. Input problems are findings, not exceptions; these are for usage errors."""


class CustorgError(Exception):
    """Base class of custorg's own exceptions."""


class UsageError(CustorgError):
    """Bad command line, missing path, bad config: exit code 2."""
