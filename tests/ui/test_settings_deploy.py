"""Deploy configuration (RELIABILITY.md check 1): Django's deployment checks pass with production settings,
and Kindred refuses to start in production with the public default secret key.

Each case runs manage.py in a subprocess, because settings are read from the environment at import.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
# The subprocess gets only what it needs to run, not the test run's environment (which may carry settings, or
# test-only switches such as DJANGO_ALLOW_ASYNC_UNSAFE that the deploy checks rightly reject).
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k in PASSED_THROUGH}
    environment["DJANGO_SETTINGS_MODULE"] = "kindred.settings"
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(MANAGE), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "KINDRED_SECRET_KEY": secrets.token_urlsafe(50),
        "KINDRED_ALLOWED_HOSTS": "kindred.example.org",
        **overrides,
    }


def test_deploy_checks_pass_with_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_deploy_checks_fail_when_production_is_served_over_plain_http() -> None:
    """The passing check above is not vacuous: weaken the settings and it fails."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **production_env(KINDRED_INSECURE_HTTP="1")
    )
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, check


def test_deploy_checks_fail_with_a_short_secret_key() -> None:
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **production_env(KINDRED_SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_kindred_refuses_to_start_in_production_with_the_default_secret_key() -> None:
    result = manage("check", KINDRED_ALLOWED_HOSTS="kindred.example.org")
    assert result.returncode != 0
    assert "kindred.E001" in result.stderr
    deploy = manage("check", "--deploy", KINDRED_ALLOWED_HOSTS="kindred.example.org")
    assert deploy.returncode != 0 and "kindred.E001" in deploy.stderr


def test_default_secret_key_is_allowed_only_for_local_development() -> None:
    result = manage("check", KINDRED_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kindred.E001" not in result.stdout + result.stderr
