"""Production settings for the load test: config.settings with static files kept aside.

bench/load_test.py runs gunicorn with these. They are config.settings unchanged except:
- STATIC_ROOT is a temporary folder (BENCH_STATIC_ROOT), so collectstatic never writes
  into the checkout, where WhiteNoise would serve the copies in place of static/ during
  development;
- only when BENCH_STATIC_FALLBACK=1 (set, and reported loudly, when collectstatic cannot
  build the hashed manifest): static files are stored without the manifest, still
  compressed and served by WhiteNoise. The load test requests no static files.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
if os.environ.get("BENCH_STATIC_FALLBACK") == "1":
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
