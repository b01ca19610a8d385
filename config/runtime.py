"""How the served app's Python runs: the garbage collector's settings. config/wsgi.py applies
them once the app is loaded; the page and SPC benchmarks apply them too, so that they time
the pages as they are served.

- Everything loaded at start-up (Django, the apps, their modules: about 78,000 objects)
  lives as long as the process: frozen, the collector's sweeps leave it alone. Without
  that, each full collection walked it all (about 45 ms on the county benchmark).
- The youngest objects are collected after 10,000 new ones rather than Python's 700. A
  county's board pack makes hundreds of thousands of objects that live for the request;
  with 700, the collector ran about 220 young, 20 middle and 2 full collections on each
  (about 270 ms of its 810 ms, measured with gc.callbacks, 1 December 2026), most of them
  walking objects still in use. With 10,000, far fewer objects live long enough to be
  promoted, and the full collections that walk them all come less often. Cost: up to
  10,000 unreachable objects wait longer to be freed (a process peaked at 225 MB instead of
  180 MB in the same benchmark).
"""

import gc

YOUNG_THRESHOLD = 10_000  # new objects between collections of the youngest generation


def tune_garbage_collector() -> None:
    """Freeze what is loaded so far, and collect the young less often (see above)."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
