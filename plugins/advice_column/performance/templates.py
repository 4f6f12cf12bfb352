"""The theme's templates compiled once, not by every build and every rendering process.

Jinja compiles a template the first time a build loads it, and a template that
another extends or includes is first loaded while pages are rendered, in each
forked process. With the content cache on, the compiled code is kept in
``CACHE_PATH/templates`` (Jinja's own file system bytecode cache: a template
whose source changed is compiled again).
"""

import os

from jinja2 import FileSystemBytecodeCache

FOLDER = "templates"


def keep_compiled(generator):
    """``generator_init``: give the generator's template environment the bytecode cache."""
    settings = generator.settings
    if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"):
        folder = os.path.join(settings["CACHE_PATH"], FOLDER)
        os.makedirs(folder, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(folder)
