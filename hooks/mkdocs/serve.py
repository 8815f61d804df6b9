"""`python -m hooks.mkdocs.serve`: the preview (`make serve`), MkDocs' renderer
(hooks/mkdocs/preview.py) behind the engine-free server and watcher (hooks/preview/)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..preview.server import serve
from .preview import Preview


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make serve", description="Preview the site; an edit shows in about a second."
    )
    parser.add_argument("--lang", help="build only this language (and English), at its own /xx/")
    parser.add_argument("--packets", action="store_true", help="render the PDF packets too")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--site-dir", type=Path, help="default: .cache/preview/site")
    args = parser.parse_args(argv)
    root = args.config_file.resolve().parent
    site_dir = args.site_dir or root / ".cache" / "preview" / "site"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    preview = Preview(
        args.config_file,
        site_dir,
        packets=args.packets or os.environ.get("PACKETS") == "1",
        language=args.lang or None,
    )
    serve(preview, root, site_dir, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
