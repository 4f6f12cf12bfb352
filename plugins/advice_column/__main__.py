"""The plugin's command line: `make check`, `new`, `queue`, `draft`, `receiver`, `approve`, `reject`, `notify`.

    python -m advice_column --conf pelicanconf.py check --content content
"""

import argparse
import importlib
import sys

#: subcommand -> (module, help); each module has ``add_arguments(parser)`` and ``run(args, settings)``.
COMMANDS = {
    "check": (".columns.check", "validate all content without building"),
    "new": (".columns.new", "write a new draft column skeleton and print its path"),
    "queue": (".submissions.queue_command", "read reader submissions into the private editorial queue"),
    "draft": (".submissions.draft_command", "turn one queued submission into an anonymised draft column"),
    "receiver": (".receiver.command", "receive readers' letters and comments (a web service)"),
    "approve": (".comments.moderate", "approve pending comments: each becomes a comment file in the content"),
    "reject": (".comments.moderate", "reject comments: kept private (an approved one's file removed)"),
    "notify": (".comments.notify", "send the reply notices due to commenters who left an e-mail address"),
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="advice_column", description=__doc__.splitlines()[0])
    parser.add_argument("--conf", default="pelicanconf.py", help="Pelican settings file")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = {}
    for name, (module_name, help_text) in COMMANDS.items():
        module = modules[name] = importlib.import_module(module_name, __package__)
        module.add_arguments(commands.add_parser(name, help=help_text))
    args = parser.parse_args(argv)

    from . import diagnostics
    from .settings import SettingsError, load

    try:
        settings = load(args.conf)
    except SettingsError:  # each problem is reported
        return 2
    except (OSError, SyntaxError) as error:  # no settings file, or one Python cannot read
        if isinstance(error, SyntaxError):
            what, todo = f"the settings file has a syntax error: {error.msg}", "correct that line"
        else:
            what = f"the settings file cannot be read: {error.strerror or error}"
            todo = ("give the project's settings file (`make` passes CONFFILE, by default pelicanconf.py) "
                    "and run the command again")
        diagnostics.log(diagnostics.Problem(args.conf, getattr(error, "lineno", None), "error", what, todo))
        return 2
    return modules[args.command].run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
