"""One build's state, in one object, and the generator that finishes the build.

Pelican sends ``get_generators`` once at the start of every build (the
devserver's rebuilds included): :func:`start` then makes a new :class:`Build`,
kept as ``pelican.advice_column`` (the one documented place), and adds
:class:`Finish`, bound to it, as the last of the plugin's generators. Finish
puts the build into the generators' shared context as ``advice_column``, where
every generator's signal handlers find it (:meth:`Build.of`), and in its
``generate_output`` completes what the writer queued and brings the search
index up to date: when Pelican sends ``finalized`` the whole site is on disk.
"""

from pelican import signals
from pelican.generators import Generator

from . import diagnostics
from .fingerprint import fingerprint

#: The build's name in the generators' context.
KEY = "advice_column"


class Build:
    """What one build of the site knows beside Pelican's own objects.

    - ``report``: the problems counted and the columns' outcomes (``diagnostics``);
    - ``fingerprint``: the settings and the code, as they were when the first build of this
      Pelican started (Pelican's Markdown reader adds to the settings as it reads);
    - ``search_plan``: the published columns cut into search shards;
    - ``context``: the generators' shared context, once the generators are made;
    - work started in the background, its result taken before the first page is rendered
      (:meth:`defer`, :meth:`settle`): when every generator has read its content, or, with a
      writer that renders every page at the end (``render_late``), just before it does; or
      taken once the site is written (:meth:`before_end`), by a build that did not fail.
    """

    def __init__(self, pelican):
        previous = getattr(pelican, KEY, None)
        if previous is not None:  # the devserver's next build: nothing of the last one counts
            previous.report.tally.detach()
        self.settings = pelican.settings
        self.fingerprint = previous.fingerprint if previous is not None else fingerprint(self.settings)
        self.report = diagnostics.BuildReport()
        self.search_plan = None
        self.context = None
        self.waiting = []
        self.closing = []
        self.render_late = False

    @staticmethod
    def of(generator):
        """The build a generator belongs to (None for a generator made outside a build)."""
        return generator.context.get(KEY)

    def defer(self, finish):
        """Call ``finish()`` before the first page is rendered."""
        self.waiting.append(finish)

    def before_end(self, finish):
        """Call ``finish()`` once the site is written, before the build's summary."""
        self.closing.append(finish)

    def settle(self):
        """Call what was deferred, in order."""
        waiting, self.waiting = self.waiting, []
        for finish in waiting:
            finish()


class Finish(Generator):
    """The plugin's last generator: after the other generators' output, completes the pages the
    writer queued and the search index."""

    build = None  # set by :func:`start` on the class of one build

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build.context = self.context
        self.context[KEY] = self.build

    def generate_context(self):
        """Nothing to read."""

    def generate_output(self, writer):
        from . import search  # search imports this module for :class:`Build`

        finish = getattr(writer, "finish", None)  # a writer that queues pages (``performance``)
        with search.indexing(self.build, writer):
            self.build.settle()
            if finish is not None:
                finish()


def start(pelican):
    """``get_generators``: a new build starts; its finishing generator."""
    build = Build(pelican)
    setattr(pelican, KEY, build)
    return type("Finish", (Finish,), {"build": build})


def settle(generators):
    """``all_generators_finalized``: every column is read; take the background work's results,
    unless no page is rendered before :class:`Finish` (``Build.render_late``)."""
    for generator in generators:
        if isinstance(generator, Finish) and not generator.build.render_late:
            generator.build.settle()


def count_columns(generator):
    """``article_generator_finalized``: count the columns by outcome, for the summary."""
    build = Build.of(generator)
    if build is not None:
        build.report.collect(generator)


def current(pelican):
    """The build ``pelican`` runs or ran last."""
    return getattr(pelican, KEY)


def finish(pelican):
    """``finalized``: the site is written; what waited for it, then the build's summary."""
    build = current(pelican)
    closing, build.closing = build.closing, []
    for finish_one in closing:
        finish_one()
    build.report.finish()


def register():
    signals.get_generators.connect(start)
    signals.article_generator_finalized.connect(count_columns)
    signals.all_generators_finalized.connect(settle)
    signals.finalized.connect(finish)
