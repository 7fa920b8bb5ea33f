"""CI smoke test of `make demo`: the login page is served and every demo login reaches its home page.

Run by .ci/run against the server `make demo` started. Standard library only.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import django

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
django.setup()  # only to read the list of demo logins; nothing here touches the database
from kindred.synthetic.organisation import DEMO_LOGINS, DEMO_PASSWORD  # noqa: E402


def wait_for_login_page(deadline_s: float = 600) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        try:
            with urllib.request.urlopen(f"{BASE}/login/", timeout=5) as response:
                if response.status == 200:
                    print(f"login page served after {time.monotonic() - started:.0f} s")
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(2)
    sys.exit("make demo did not serve the login page")


def log_in(username: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(f"{BASE}/login/", data=data, headers={"Referer": f"{BASE}/login/"})
    home = opener.open(request)
    body = home.read().decode()
    assert home.geturl().rstrip("/") == BASE.rstrip("/"), f"{username} landed on {home.geturl()}"
    return opener, body


wait_for_login_page()
for login in DEMO_LOGINS:
    opener, body = log_in(login.username)
    assert f"Hello, {login.first_name}" in body, f"{login.username} did not reach their home page"
    print(f"  {login.username}: home page reached")
# Kindred's own "Page not found" (with the way to break-glass access), never Django's debug page.
opener, _ = log_in("socialworker")
try:
    opener.open(f"{BASE}/people/00000000-0000-0000-0000-000000000000/")
    sys.exit("a missing record did not answer 404")
except urllib.error.HTTPError as error:
    page = error.read().decode()
    assert error.code == 404 and "Page not found" in page and "/break-glass/" in page, page[:500]
    assert "DEBUG = True" not in page
print("make demo: login page served and every demo login reached its home page")
