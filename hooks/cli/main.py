"""`solidarity`: the command-line tool for translators and facilitators."""

from __future__ import annotations

import argparse
import os
import sys

from .translations import (
    cmd_translations_check,
    cmd_translations_export,
    cmd_translations_import,
    cmd_translations_mark,
    cmd_translations_new,
    cmd_translations_prune,
    cmd_translations_start,
    cmd_translations_status,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solidarity",
        description=(
            "Tools for Solidarity Commons: translation status and checks for translators, "
            "packets and programmes for facilitators."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tr = sub.add_parser("translations", help="translation status, checks and scaffolding")
    trs = tr.add_subparsers(dest="action", metavar="ACTION")
    p = trs.add_parser("status", help="what is translated, stale or missing, per language")
    p.add_argument("lang", nargs="?", help="one language code (default: all)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-v", "--verbose", action="store_true", help="also list missing pages")
    p.set_defaults(func=cmd_translations_status)
    p = trs.add_parser("check", help="run the build's checks on some files, before submitting")
    p.add_argument(
        "files",
        nargs="*",
        help="files under translations/, PO files too (default: every .md and .yml)",
    )
    p.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    p.set_defaults(func=cmd_translations_check)
    p = trs.add_parser("new", help="scaffold a new language (never touches existing files)")
    p.add_argument("lang", help="language code, e.g. de or pt-BR")
    p.add_argument(
        "--name", required=True, help="the language's name in that language, e.g. Deutsch"
    )
    p.set_defaults(func=cmd_translations_new)
    p = trs.add_parser("start", help="copy English pages into a language as drafts to translate")
    p.add_argument("lang")
    p.add_argument("pages", nargs="+", help="e.g. docs/faq.md workshops/finding-common-ground.md")
    p.set_defaults(func=cmd_translations_start)
    p = trs.add_parser("mark", help="record that translations now match the current English")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_translations_mark)
    p = trs.add_parser(
        "prune", help="remove the English snapshots (translations/_sources) no translation names"
    )
    p.add_argument("--dry-run", action="store_true", help="list them, remove nothing")
    p.set_defaults(func=cmd_translations_prune)
    p = trs.add_parser(
        "export", help="write gettext PO files for Weblate (translations/<lang>/po/)"
    )
    p.add_argument("lang")
    p.add_argument("files", nargs="*", help="pages or PO files (default: every page)")
    p.set_defaults(func=cmd_translations_export)
    p = trs.add_parser(
        "import", help="write translations back from PO files, after every check passes"
    )
    p.add_argument("lang")
    p.add_argument("files", nargs="*", help="PO files (default: all of the language)")
    p.set_defaults(func=cmd_translations_import)

    from . import facilitate

    facilitate.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            parser = build_parser()
            args = parser.parse_args(argv)
            if not getattr(args, "func", None):
                parser.print_help()
                return 0 if args.command is None else 2
            return int(args.func(args) or 0)
        except KeyboardInterrupt:
            return 130
        finally:
            # Flushed here, not at exit, so a reader that stopped early (`| head`) is caught below.
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader is gone: send the rest nowhere, as Python's docs advise, and end quietly
        # with the status a process stopped by SIGPIPE would have.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
