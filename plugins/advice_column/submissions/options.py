"""The intake's settings, read once from the Pelican settings (defaults in ``settings.DEFAULTS``)."""

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


#: What a form export's columns can hold (``SUBMISSION_FIELDS`` keys).
ROLES = ("question", "subject", "signoff", "name", "email", "consent", "received", "honeypot")


def setting_problems(settings):
    """``[(setting, what is wrong and what is allowed)]`` for the submissions settings."""
    problems = []
    for name in ("SUBMISSION_MAX_BYTES", "SUBMISSION_SIMILAR_COLUMNS"):
        value = settings.get(name)
        least = 1 if name == "SUBMISSION_MAX_BYTES" else 0
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < least):
            problems.append((name, f"{value!r} is not a whole number of at least {least}"))
    fields = settings.get("SUBMISSION_FIELDS") or {}
    if not isinstance(fields, dict):
        problems.append(("SUBMISSION_FIELDS", f"{fields!r} is not a dict of role -> column name(s)"))
        return problems
    for role, names in fields.items():
        if role not in ROLES:
            problems.append(("SUBMISSION_FIELDS", f"{role!r} is not a role; use one of {', '.join(ROLES)}"))
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(("SUBMISSION_FIELDS",
                             f"the column of {role!r} must be a name or a list of names, not {names!r}"))
    return problems


@dataclass(frozen=True)
class IntakeOptions:
    """What every format reader needs: the size limit, field names, and the local time zone."""

    max_bytes: int = 262144
    #: role -> list of column names tried first (``SUBMISSION_FIELDS``), lower-cased.
    fields: dict = field(default_factory=dict)
    timezone: str = "UTC"

    @classmethod
    def from_settings(cls, settings):
        fields = {}
        for role, names in (settings.get("SUBMISSION_FIELDS") or {}).items():
            names = [names] if isinstance(names, str) else list(names)
            fields[role] = [name.strip().casefold() for name in names]
        return cls(max_bytes=int(settings.get("SUBMISSION_MAX_BYTES", 262144)), fields=fields,
                   timezone=settings.get("TIMEZONE") or "UTC")

    def localise(self, moment):
        """``moment`` with the site's ``TIMEZONE`` when it carries no zone of its own."""
        if moment.tzinfo is not None:
            return moment
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return moment.replace(tzinfo=zone)


def parse_time(value, options):
    """A submission time from ISO 8601, RFC 2822 or a spreadsheet's ``M/D/YYYY H:MM:SS``; else None."""
    value = (value or "").strip()
    if not value:
        return None
    moment = None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            for pattern in ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y"):
                try:
                    moment = datetime.strptime(value, pattern)
                    break
                except ValueError:
                    continue
    if moment is None:
        return None
    return options.localise(moment)
