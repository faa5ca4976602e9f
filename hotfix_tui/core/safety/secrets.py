"""Spotting values that look like credentials before they go into a file meant for git."""

from __future__ import annotations

import re

from hotfix_tui.core.model.checklist import Value

# Well-known token shapes; a match is a warning, not proof.
PATTERNS = (
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")),
    ("an AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe key", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{20,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a JSON web token", re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
    ("a password", re.compile(r"(?i)\b(?:password|passwd|secret|api[_-]?key)\s*[:=]\s*\S{6,}")),
)


def secrets_in(value: Value) -> list[str]:
    """What kinds of secret the value seems to hold (empty when none)."""
    texts = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
    return [kind for kind, pattern in PATTERNS if any(pattern.search(text) for text in texts)]


# A private key's whole block, not only its first line (PATTERNS warns on that line).
KEY_BLOCK = re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----.*?(?:-----END (?:[A-Z]+ )*PRIVATE "
                       r"KEY-----|\Z)", re.DOTALL)


def mask(text: str) -> str:
    """`text` with each stretch that looks like a secret replaced by `[masked: kind]`
    (output of a run, before it is kept in the session)."""
    text = KEY_BLOCK.sub("[masked: a private key]", text)
    for kind, pattern in PATTERNS:
        text = pattern.sub(f"[masked: {kind}]", text)
    return text
