"""``python -m ach`` runs the ``ach`` command."""

from ach.cli import main

main()
