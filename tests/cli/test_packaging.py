"""A plain (non-editable) install must carry the built-in checklist."""

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import HOTFIX_CHECKLIST, PROJECT


def test_wheel_ships_the_hotfix_checklist_and_finds_it(tmp_path: Path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path / "dist"), str(PROJECT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("hotfix_tui-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("hotfix_tui/checklists/hotfix.toml") == HOTFIX_CHECKLIST.read_bytes()
        archive.extractall(tmp_path / "site")
    # Run from an empty folder with only the unpacked wheel on the path: no source tree.
    site = str(tmp_path / "site")
    script = (f"import sys; sys.path.insert(0, {site!r}); "
              "from hotfix_tui.core.definition.catalog import builtin_checklist_dir; "
              "from hotfix_tui.core.definition.loader import load_checklist; "
              "d = builtin_checklist_dir(); print(d); "
              "print(len(load_checklist(d / 'hotfix.toml').items()))")
    result = subprocess.run([sys.executable, "-I", "-c", script],
                            capture_output=True, text=True, cwd=tmp_path, check=True)
    folder, count = result.stdout.split()
    assert Path(folder) == tmp_path / "site" / "hotfix_tui" / "checklists"
    assert count == "131"
