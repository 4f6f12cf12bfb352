"""The intake's settings, read once from the Pelican settings (defaults in ``settings.DEFAULTS``)."""

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


#: What a form export's columns can hold (``SUBMISSION_FIELDS`` keys, checked in ``settings``).
ROLES = ("question", "subject", "signoff", "name", "email", "consent", "received", "honeypot")


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
