import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the process:
# keep it out of the garbage collector's sweeps, which otherwise pause big requests
# (the board pack) for tens of milliseconds each time.
gc.freeze()
