from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_wsgi(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "kindred.settings", **env_extra}
    return subprocess.run(
        [sys.executable, "-c", "import kindred.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_wsgi_application_refuses_to_start_in_production_with_the_default_secret_key() -> None:
    result = _load_wsgi({})
    assert result.returncode != 0
    assert "default secret key" in result.stderr


def test_wsgi_application_starts_with_a_real_secret_key() -> None:
    result = _load_wsgi({"KINDRED_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
