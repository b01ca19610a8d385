import os

from django.core.wsgi import get_wsgi_application

from config.runtime import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded so far lives as long as the process: see config/runtime.py.
tune_garbage_collector()
