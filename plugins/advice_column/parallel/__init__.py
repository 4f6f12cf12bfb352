"""Work on every core, for any part of the plugin: no part of a build depends on it being fast.

- ``forked``: tasks run in forked processes (which share what the build holds),
  their log records reported by the build itself; :class:`~.forked.Background`
  for one task that goes on beside the build, its result taken later.
"""
