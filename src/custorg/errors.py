"""Exception types. Input problems are findings, not exceptions; these are for usage errors."""


class CustorgError(Exception):
    """Base class of custorg's own exceptions."""


class UsageError(CustorgError):
    """Bad command line, missing path, bad config: exit code 2."""


class Terminated(BaseException):
    """SIGTERM arrived while an output file was being written (exit 143, as for a
    process ended by the signal, once the temporary file is removed)."""
