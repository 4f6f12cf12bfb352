"""`make devserver`: the site served on a loopback port, rebuilt on every save, and the open
browser page reloaded by itself when what it shows changed.

- ``session``: the Pelican of the editor's session, kept in this process between builds;
  one build after each batch of changes, its problems kept for the pages;
- ``server``: the output folder served over HTTP; each HTML page it serves gets a small
  script (``client.js``) that reloads the page when its file changed, or shows the last
  build's errors over it. The script exists only in what this server sends: nothing of it
  is written to the output folder, so `make html` and `make publish` never contain it;
- ``__main__``: the command (Pelican's own arguments), the server and the watching loop.

Not part of a build: Pelican never imports it.
"""
