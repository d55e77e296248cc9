"""CLI verbs: review (filled in by its issue)."""


def register(sub) -> None:
    pass
