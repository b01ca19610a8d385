"""The national indicator catalogue, the councils and regions, and the statistical
neighbour models, as data files kept in the repository (built by `build.py` from the DfE's
published files, loaded into the database by `sync.py`)."""
