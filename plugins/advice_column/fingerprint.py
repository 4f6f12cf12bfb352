"""What a build's output depends on besides its content files: the code that runs and the settings.

Caches are only as good as this: a page kept from an earlier build must be the
page this build would make. The code is the plugin's files that run in a build
(the editorial tools, ``submissions/``, ``receiver/``, the comments' moderation, the devserver's
loop and server around the build, and the command line, never do) and the versions of the libraries that shape a column's HTML.
"""

import hashlib
from importlib import metadata
from pathlib import Path

#: Libraries whose version changes what a column reads as.
LIBRARIES = ("pelican", "markdown", "jinja2", "markupsafe", "beautifulsoup4", "nh3", "pygments")
PLUGIN = Path(__file__).resolve().parent
#: The plugin's parts that never run in a build (relative to the plugin's folder): folders and files.
EDITORIAL = ("submissions", "receiver", "devserver", "__main__.py", "comments/pending.py", "comments/moderate.py",
             "comments/check.py")
#: Settings that change how fast a build is, never what it writes.
SPEED_ONLY = frozenset(("READ_PROCESSES", "RENDER_PROCESSES", "SEARCH_PROCESSES"))


def build_files():
    """The plugin's files that a build runs or reads, sorted."""
    return [path for path in sorted(PLUGIN.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
            and path.relative_to(PLUGIN).parts[0] not in EDITORIAL
            and path.relative_to(PLUGIN).as_posix() not in EDITORIAL]


def code_fingerprint():
    """Digest of the build's files and the libraries' versions, as imported (the running code)."""
    digest = hashlib.sha256()
    for path in build_files():
        digest.update(path.relative_to(PLUGIN).as_posix().encode())
        digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


#: Computed once, when the plugin is imported: an edit of the plugin during a
#: devserver session changes the files, not the code that is running.
CODE = code_fingerprint()


def stable(value):
    """A representation of a settings value that is the same in every process.

    >>> stable({"b": [1, 2.5], "a": None})
    "{'a':None,'b':[1,2.5]}"
    >>> stable(len)
    'builtins.len'
    """
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{stable(k)}:{stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def fingerprint(settings):
    """The settings (those that change what is written) and the code, as one digest."""
    kept = {key: value for key, value in settings.items() if key not in SPEED_ONLY}
    return hashlib.sha256(f"{CODE}\n{stable(kept)}".encode()).hexdigest()
