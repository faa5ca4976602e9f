"""Spotting text that looks like a credential before it goes into a file meant for git (a
session, its log) or out to GitHub (the PR body).

One scanner: `findings(text)` says what kind of secret is where (never the secret itself),
`mask(text)` hides each one, `secrets_in(value)` names the kinds a value holds. The shapes
are the ones common secret scanners know by name (gitleaks, trufflehog); a match is a
warning, not proof. Every pattern is linear on any input: runs are bounded or anchored, so
a megabyte of letters costs one pass.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from hotfix_tui.core.model.checklist import Value
from hotfix_tui.core.model.session import Session

# A value assigned to a name that says it is secret (`DB_PASSWORD=...`, `api_key: ...`):
# the name may have a prefix (`MY_DB_`), the value is at least 6 characters and not a
# placeholder (`<yours>`, `{var}`, `****`) nor masked already.
_ASSIGNED = (r"(?i)(?<![A-Za-z0-9])(?:[A-Za-z0-9]{1,20}[_.-]){0,4}"
             r"(?:password|passwd|pwd|secret|secret[_-]?key|api[_-]?key|access[_-]?key|"
             r"auth[_-]?token|client[_-]?secret|private[_-]?key)"
             r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?(?!\*+(?:[\s\"']|$)|\[masked: )"
             r"(?P<secret>[^\s\"'<>{}]{6,})")

# (the kind, as "looks like ...", literal hints in lower case, a pattern): the pattern
# runs only on text holding a hint (most text holds none, and a search per shape would
# cost a pass each); its group "secret" is what `mask` hides, else the whole match.
_SHAPES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("a private key", ("private key",), r"-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----"),
    ("an AWS access key", ("akia", "asia", "abia", "acca", "a3t"),
     r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b"),
    ("an AWS secret key", ("aws",),
     r"(?i)aws.{0,20}?(?:secret|sk)[A-Za-z0-9_.-]{0,20}[\"']?[ \t]{0,3}[:=>][ \t]{0,3}[\"']?"
     r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
    ("an Azure storage key", ("accountkey=",), r"(?i)AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)"),
    ("an Azure client secret", ("q~",),
     r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])"),
    ("an Azure SAS token", ("sig=",), r"(?i)\bsig=(?P<secret>[A-Za-z0-9%+/=]{43,})"),
    ("a GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
     r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
    ("a GitLab token", ("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glsoat-"),
     r"\b(?:glpat|gldt|glrt|glptt|glft|glsoat)-[A-Za-z0-9_-]{20,}"),
    ("an npm token", ("npm_",), r"\bnpm_[A-Za-z0-9]{36}\b"),
    ("a PyPI token", ("pypi-",), r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    ("an OpenAI key", ("sk-",),
     r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b"),
    ("an Anthropic key", ("sk-ant-",), r"\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}"),
    ("a Slack token", ("xox",), r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("a Slack webhook", ("hooks.slack.com",),
     r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/]{20,}"),
    ("a Stripe key", ("_live_",), r"\b[sr]k_live_[A-Za-z0-9]{20,}"),
    ("a Google API key", ("aiza",), r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("a Google OAuth secret", ("gocspx-",), r"\bGOCSPX-[A-Za-z0-9_-]{28}\b"),
    ("a SendGrid key", ("sg.",), r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b"),
    ("a Shopify token", ("shpat_", "shpca_", "shppa_", "shpss_"),
     r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"),
    ("a DigitalOcean token", ("_v1_",), r"\bdo[opr]_v1_[a-f0-9]{64}\b"),
    ("a Docker Hub token", ("dckr_pat_",), r"\bdckr_pat_[A-Za-z0-9_-]{27}\b"),
    ("a Hugging Face token", ("hf_",), r"\bhf_[A-Za-z]{34}\b"),
    ("a HashiCorp Vault token", ("hvs.", "hvb."), r"\bhv[sb]\.[A-Za-z0-9_-]{90,}"),
    ("a JSON web token", ("eyj",),
     r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    # `postgres://user:pass@host`, `mongodb+srv://...`, `https://user:token@host`.
    ("a password in a URL", ("://",),
     r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/?#@\"'<>]{1,100}:"
     r"(?P<secret>[^\s/?#@\"'<>]{1,200})@"),
    ("a password", ("pass", "pwd", "secret", "key", "token"), _ASSIGNED),
)
KINDS = tuple(kind for kind, _, _ in _SHAPES)


def _candidates(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The shapes whose hints `text` holds, compiled. A pattern is compiled when first
    needed (re caches it): compiling all of them cost every command ~3 ms, and most
    text holds no hint."""
    lowered = text.lower()
    return [(kind, re.compile(pattern)) for kind, hints, pattern in _SHAPES
            if any(hint in lowered for hint in hints)]


# A private key's whole block, not only its first line: `mask` hides all of it.
# (Linear: once a block starts, its match always succeeds, at its end or the text's.)
KEY_BLOCK = (r"-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----.*?"
             r"(?:-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----|\Z)")


class Finding(NamedTuple):
    """What looks like a secret, and where: `line 3` of a text, or an item's id (never
    the secret itself)."""

    kind: str
    where: str


def findings(text: str) -> list[Finding]:
    """Each kind of secret `text` seems to hold, with the line of its first match."""
    found = []
    for kind, pattern in _candidates(text):
        match = pattern.search(text)
        if match is not None:
            found.append(Finding(kind, f"line {text.count(chr(10), 0, match.start()) + 1}"))
    return found


def secrets_in(value: Value) -> list[str]:
    """What kinds of secret the value seems to hold (empty when none)."""
    texts = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
    kinds: dict[str, None] = {}
    for text in texts:
        kinds.update((finding.kind, None) for finding in findings(text))
    return [kind for kind in KINDS if kind in kinds]


def mask(text: str) -> str:
    """`text` with each stretch that looks like a secret replaced by `[masked: kind]`
    (the name it was assigned to, `DB_PASSWORD=`, stays). Every shape is looked for in
    the text as given, then the stretches found are replaced, the first of overlapping
    ones winning."""
    # (start, -end, the shape's rank, kind): of stretches starting together the longest
    # wins, then the more specific shape (_SHAPES has them first).
    spans = [(match.start(), -match.end(), -1, "a private key")
             for match in re.finditer(KEY_BLOCK, text, re.DOTALL)]
    for rank, (kind, pattern) in enumerate(_candidates(text)):
        for match in pattern.finditer(text):
            group = "secret" if "secret" in pattern.groupindex and match.group("secret") else 0
            spans.append((match.start(group), -match.end(group), rank, kind))
    parts, at = [], 0
    for start, negative_end, _, kind in sorted(spans):
        end = -negative_end
        if start >= at:
            parts += [text[at:start], f"[masked: {kind}]"]
            at = end
    return "".join([*parts, text[at:]])


def in_session(session: Session, log: bool = True) -> list[Finding]:
    """What looks like a secret in what a session holds: its values and N/A reasons (where:
    the item's id), and with `log` the notes of its log (where: `the handoff note by Dana`)."""
    found: list[Finding] = []
    for item_id, state in session.states.items():
        texts = state.value if isinstance(state.value, tuple) else (state.value,)
        for text in (*texts, state.na):
            if isinstance(text, str):
                found.extend(Finding(finding.kind, item_id) for finding in findings(text))
    if log:
        for event in session.events:
            if event.note:
                where = f"the {event.event} note by {event.by}"
                found.extend(Finding(finding.kind, where) for finding in findings(event.note))
    return list(dict.fromkeys(found))
