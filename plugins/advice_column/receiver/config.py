"""The receiver's settings (defaults in ``settings.DEFAULTS``), read and checked once."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ReceiverConfig:
    submissions: Path
    #: The site's address (``SITEURL``; locally the one `make serve` serves), no trailing slash.
    site: str
    #: ``scheme://host[:port]`` of the pages allowed to post (``Origin``/``Referer``).
    origins: frozenset
    thanks_url: str
    ask_url: str
    max_bytes: int
    rate: int
    #: Most characters of a comment's text (``COMMENT_MAX_LENGTH``).
    comment_length: int = 5000

    @classmethod
    def from_settings(cls, settings, submissions):
        site = (settings.get("SITEURL") or settings.get("FEED_LOCAL_SITEURL") or "").rstrip("/")
        return cls(
            submissions=Path(submissions), site=site, origins=origins(site),
            thanks_url=f"{site}/{settings.get('ASK_THANKS_URL') or 'ask/thanks/'}",
            ask_url=f"{site}/{settings.get('ASK_URL') or 'ask/'}",
            max_bytes=int(settings["SUBMISSION_MAX_BYTES"]), rate=int(settings["RECEIVER_RATE"]),
            comment_length=int(settings["COMMENT_MAX_LENGTH"]))


def origins(site):
    """The origin of ``site``; for a loopback address both of its names (127.0.0.1, localhost)."""
    parts = urlsplit(site)
    found = {f"{parts.scheme}://{parts.netloc}"}
    port = f":{parts.port}" if parts.port else ""
    if parts.hostname in ("127.0.0.1", "localhost"):
        found |= {f"{parts.scheme}://127.0.0.1{port}", f"{parts.scheme}://localhost{port}"}
    return frozenset(found)


def problems(settings):
    """What is wrong with the receiver's settings (command-line values included)."""
    from .. import settings as plugin_settings

    found = plugin_settings.problems(settings)
    site = settings.get("SITEURL") or settings.get("FEED_LOCAL_SITEURL") or ""
    if urlsplit(site).scheme not in ("http", "https"):
        found.append(plugin_settings.problem(f"SITEURL is {site!r}",
                                             "use the site's http(s):// address: readers are sent back there"))
    return found
