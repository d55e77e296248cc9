"""CLI verbs: reading (filled in by its issue)."""


def register(sub) -> None:
    pass
