"""Signing in and the attendee's profile. A token lives only in SignIn, which never prints it."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from .fields import as_dict, as_int, as_str, parse_wallclock


def _expiry(value: Any, now: datetime) -> datetime | None:
    """`expires_in`: seconds from now, epoch seconds/millis, or a date string (UTC if naive)."""
    number = as_int(value, -1)
    if number >= 10**12:
        return datetime.fromtimestamp(number / 1000, UTC)
    if number >= 10**9:
        return datetime.fromtimestamp(number, UTC)
    if number >= 0:
        return now + timedelta(seconds=number)
    text = as_str(value)
    moment = parse_wallclock(text, UTC)
    if moment is None:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SignIn:
    """A login answer. `userId` is documented here (not on the profile), so this is where the
    portal learns who signed in; None only if an upstream leaves it out."""

    token: str = field(repr=False)  # reprs reach tracebacks and error reports
    expires_at: datetime | None
    user_id: int | None
    role: str

    @classmethod
    def from_api(cls, data: Any, *, now: datetime | None = None) -> Self:
        data = as_dict(data)
        token = as_str(data.get("access_token"))
        if not token:
            raise ValueError("sign-in answer without access_token")
        role = data.get("userRole")
        user_id = as_int(data.get("userId"), -1)
        return cls(
            token=token,
            expires_at=_expiry(data.get("expires_in"), now or datetime.now(UTC)),
            user_id=user_id if user_id > 0 else None,
            role=",".join(map(as_str, role)) if isinstance(role, list) else as_str(role),
        )

    def __repr__(self) -> str:  # the token never reaches a log or a traceback
        return (
            f"SignIn(user_id={self.user_id!r}, role={self.role!r}, expires_at={self.expires_at!r})"
        )


@dataclass(frozen=True)
class Profile:
    """`GET /u/myprofile`: names and email. The reference lists no `userId` here, so one that
    is present is a bonus, never a requirement."""

    user_id: int | None
    email: str
    first_name: str
    last_name: str

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValueError("profile is not an object")
        user_id = as_int(data.get("userId"), -1)
        return cls(
            user_id=user_id if user_id > 0 else None,
            email=as_str(data.get("email")),
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
