"""`python -m custorg` runs the command line."""

from custorg.cli import run

run()
