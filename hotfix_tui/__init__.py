"""hotfix-tui: a terminal checklist for hotfix pull requests."""

__version__ = "0.1.0"
