import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
application = get_wsgi_application()

# Application servers (gunicorn, uwsgi) do not run Django's system checks, so the production check that
# refuses the public default secret key runs here too: Kindred will not serve requests with it.
from django.conf import settings  # noqa: E402

from kindred.checks import secret_key_errors  # noqa: E402

if not settings.DEBUG and secret_key_errors():
    raise ImproperlyConfigured(secret_key_errors()[0].msg + " " + str(secret_key_errors()[0].hint))
