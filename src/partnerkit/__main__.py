"""Allow ``python -m partnerkit``."""

from partnerkit.cli import main

main()
