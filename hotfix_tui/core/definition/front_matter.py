"""A template's YAML front matter: the forge's data about the template (its name, labels),
no part of the checklist or the body.

Pure: text in, text out.
"""

from __future__ import annotations

import re

FRONT_MATTER_FENCE = re.compile(r"^-{3,}[ \t]*$")
FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)")


def without_front_matter(text: str) -> str:
    """A template without its YAML front matter: a first line `---`, `key: value` lines
    (with their indented, list or comment lines), a closing `---`. Gitea and Forgejo
    strip it (GitHub strips it from issue templates, not from its pull-request template,
    whose body then starts with it by mistake); it is no part of the checklist or body.
    Anything else opening with a rule is the template's own text."""
    first = text.find("\n")
    if first < 0 or not FRONT_MATTER_FENCE.match(text[:first].removesuffix("\r")):
        return text
    start, keys = first + 1, False
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].removesuffix("\r")
        if FRONT_MATTER_FENCE.match(line):
            return text[end + 1:] if keys else text
        if FRONT_MATTER_KEY.match(line):
            keys = True
        elif line.strip() and line[0] not in " \t-#":
            return text
        start = end + 1
    return text  # never closed: not front matter
