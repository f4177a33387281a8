"""`python -m itagen` runs the command line."""
from .cli import run

run()
