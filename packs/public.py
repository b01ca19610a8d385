"""The public version of a pack (placeholder: written in full on its own branch)."""


def make_public(content):
    raise NotImplementedError("The public version is not written yet.")
