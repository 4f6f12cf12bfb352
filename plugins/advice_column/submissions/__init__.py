"""Reader submissions: e-mail and form exports in, a private editorial queue and anonymised drafts out.

- ``intake`` walks ``SUBMISSIONS_DIR``; ``mail`` reads ``.eml``/``.mbox``,
  ``forms`` reads ``.csv``/``.json`` exports; each file yields ``record.Record``s.
- ``dedup`` folds exact and near-duplicates; ``published`` reads the columns
  (answered letters, similar columns); ``suggestions`` asks the topics classifier.
- ``queue`` builds ``queue.json``, ``page`` renders ``queue.html``;
  ``queue_command`` is ``make queue``.
- ``anonymise`` and ``draft`` write a draft column; ``draft_command`` is ``make draft``.

Nothing here runs during a site build: submissions never reach the site.
"""
