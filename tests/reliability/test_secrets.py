"""One secret scanner, on every path that writes user text into the repo: it names the
kind and where, never the secret; `commit` and `export` refuse unless --allow-secret."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.safety.secrets import Finding, findings, mask, secrets_in
from tests.gitrepos import commit

# Each shape as it is found in the wild: keys pasted into a root cause, a connection
# string into the notes. Built from parts so no scanner flags this file.
SHAPES = {
    "an AWS access key": "AKIA" + "Q7XKM2PZ4HC6RW3B",
    "an AWS secret key": "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",
    "an Azure storage key": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey="
                            + "k" * 40 + "Zq9/" + "w" * 42 + "==;EndpointSuffix=core.windows.net",
    "an Azure client secret": "client_secret " + "Abc" + "8Q~" + "x" * 34,
    "a password in a URL": "postgres://" + "admin:hunter2-prod" + "@db.internal:5432/orders",
    "a GitLab token": "glpat-" + "x7Kd9mPq2Lr5Tw8Yz3Bn",
    "an npm token": "npm_" + "a1B2c3D4e5F6g7H8i9J0" + "k1L2m3N4o5P6q7R8",
    "an OpenAI key": "sk-proj-" + "T9xQ2mLr8Kd4Wp7Zc1Vb" + "N5hJ3gF6sA0e",
    "a password": "DB_PASSWORD=" + "s3cr3t-Pa55",
    "a private key": ("-----BEGIN PGP PRIVATE" + " KEY BLOCK-----\nlQOYBF1x\n"
                      "-----END PGP PRIVATE KEY BLOCK-----"),
    "a GitHub token": "ghp_" + "a1" * 18,
    "a Slack token": "xoxb-" + "1234567890-abcdefghij",
    "a Stripe key": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "a Google API key": "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "a JSON web token": ("eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0"
                         ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
    "a SendGrid key": "SG." + "a" * 22 + "." + "b" * 43,
    "a Docker Hub token": "dckr_pat_" + "c" * 27,
}
PLAIN = ["The password rotation failed at 02:00", "see https://example.com/runbook",
         "user@example.com paged", "secret: none", "password=<your password>",
         "commit 3f9a1c2e4b5d6f7a8b9c0d1e2f3a4b5c6d7e8f9a", "token: n/a"]


@pytest.mark.parametrize("kind", SHAPES)
def test_each_common_shape_is_found_named_and_masked(kind):
    text = f"root cause:\n  we pasted {SHAPES[kind]} by mistake"
    found = findings(text)
    assert Finding(kind, "line 2") in found
    masked = mask(text)
    assert f"[masked: {kind}]" in masked or any(f"[masked: {f.kind}]" in masked for f in found)
    assert not findings(masked)
    assert secrets_in((text,)) == [f.kind for f in found]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_no_secret(text):
    assert findings(text) == [] and mask(text) == text


def test_mask_keeps_the_name_and_hides_the_whole_key_block():
    assert mask("DB_PASSWORD=s3cr3t-Pa55 rest") == "DB_PASSWORD=[masked: a password] rest"
    key = SHAPES["a private key"]
    assert mask(f"a\n{key}\nb") == "a\n[masked: a private key]\nb"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


SECRET = SHAPES["a password in a URL"]


@pytest.mark.parametrize("args, where", [
    (("set", "root-cause", f"cause {SECRET}"), "the value for root-cause"),
    (("na", "automated-tests", f"see {SECRET}"), "the N/A reason for automated-tests"),
    (("handoff", "--to", "Lee", "--note", f"use {SECRET}"), "the handoff note"),
])
def test_every_write_path_warns_without_printing_the_secret(in_repo, capsys, args, where):
    assert main(["new"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, *args)
    assert code == 0
    assert f"hotfix: warning: {where} looks like a password in a URL" in err
    assert "hunter2" not in err


def test_import_body_warns(in_repo, capsys, tmp_path):
    assert main(["new"]) == 0
    capsys.readouterr()
    assert main(["export", "--draft", "--pr-body", str(tmp_path / "pr.md")]) == 0
    body = tmp_path / "pr.md"
    body.write_text(body.read_text().replace("**Root Cause:**\n", f"**Root Cause:**\n{SECRET}\n"))
    capsys.readouterr()
    code, _, err = run(capsys, "import-body", str(body))
    assert code == 0
    assert "warning: the value read from the body for root-cause looks like a password in a URL" in err
    assert "hunter2" not in err


def test_a_commit_subject_pre_filled_from_git_warns(in_repo, capsys):
    repo = __import__("git").Repo(in_repo)
    commit(repo, f"Point the app at {SECRET}", {"app.py": "print('fixed')\n"})
    code, _, err = run(capsys, "new")
    assert code == 0
    assert "warning: what git filled in for changes-made looks like a password in a URL" in err
    assert "hunter2" not in err


@pytest.mark.parametrize("command", [("commit",), ("export", "--draft", "--pr-body", "-")])
def test_commit_and_export_refuse_a_secret_unless_allowed(in_repo, capsys, command):
    assert main(["set", "root-cause", f"cause {SECRET}"]) == 0
    capsys.readouterr()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=in_repo, capture_output=True,
                          text=True).stdout
    code, out, err = run(capsys, *command)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "root-cause looks like it holds a password in a URL" in err and "--allow-secret" in err
    assert "hunter2" not in err
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=in_repo, capture_output=True,
                          text=True).stdout == head
    code, out, err = run(capsys, *command, "--allow-secret")
    assert code == 0, err


def test_a_secret_in_a_handoff_note_stops_the_commit(in_repo, capsys):
    assert main(["new"]) == 0
    assert main(["handoff", "--to", "Lee", "--note", f"db: {SECRET}"]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "commit")
    assert code == 2 and "the handoff note by Dana Tester looks like it holds a password" in err
    # Not in the PR body unless the log goes with it.
    assert main(["export", "--draft", "--pr-body", "-"]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "export", "--draft", "--timeline", "--pr-body", "-")
    assert code == 2 and "handoff note" in err


def test_nothing_to_commit_without_a_secret(in_repo: Path, capsys):
    assert main(["set", "root-cause", "Stale cache key"]) == 0
    code, out, _ = run(capsys, "commit")
    assert code == 0 and out.startswith("committed ")
