"""``make receiver``: the column's own receiver for readers' letters (an editorial tool, never
part of a site build), so that letters need no third-party form service.

- ``config`` reads the settings the receiver needs, once;
- ``guard`` holds what any endpoint checks before it stores anything: the
  sending site, the rate per address, the content type, the body's size, the
  fields (reusable by a later ``/comments`` endpoint);
- ``storage`` keeps one JSON file per letter, atomically and durably;
- ``letters`` is ``POST /letters``; ``app`` puts the endpoints together;
- ``command`` runs it with uvicorn.
"""
