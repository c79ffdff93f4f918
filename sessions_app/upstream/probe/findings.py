"""What one check of `check_upstream` found: the assumption, what the platform answered, a
verdict, and the `.env` lines that would make the portal match the platform."""

from dataclasses import dataclass, field

CONFIRMED = "confirmed"
CONTRADICTED = "contradicted"
UNKNOWN = "could not tell"


@dataclass(frozen=True)
class Finding:
    key: str
    title: str
    assumed: str
    observed: str
    verdict: str
    needed: bool = True  # the portal cannot work as configured unless this is confirmed
    settings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def blocks(self) -> bool:
        """Whether this finding keeps the check from passing."""
        return self.needed and self.verdict != CONFIRMED

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "assumed": self.assumed,
            "observed": self.observed,
            "verdict": self.verdict,
            "needed": self.needed,
            "settings": list(self.settings),
        }


def changed_lines(*settings: tuple[str, str, str]) -> tuple[str, ...]:
    """`NAME=new` for each (current, NAME, new) whose value differs from the current one."""
    return tuple(f"{name}={new}" for current, name, new in settings if current != new)


class ProbeStopped(Exception):
    """A check found something that makes the rest meaningless (wrong password, no such
    event, a token refused in every form): the message says what to do."""
