"""The command line: a thin layer that parses options, calls the core and picks a renderer.

``app`` holds the Typer app and the helpers every command shares; each other module registers
its commands on it, and is imported here in the order ``--help`` lists them."""

# isort: off
from partnerkit.cli.app import main
from partnerkit.cli import check, author, health, plan, review, renewal  # noqa: F401  (registers the commands)
# isort: on

__all__ = ["main"]
