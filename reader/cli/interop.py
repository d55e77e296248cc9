"""CLI verbs: interop (filled in by its issue)."""


def register(sub) -> None:
    pass
