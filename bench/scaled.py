"""The project at a larger scale, for the benchmarks: copies with more cases,
workshops and translated pages of the same shape (bench/run.py, bench/preview.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
CORPUS = BENCH / "corpus"
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")


def make_corpus(scale: int) -> Path:
    """A copy of the project with `scale` times the cases and workshops, in every language."""
    sys.path.insert(0, str(ROOT))
    from hooks.model.translations import content_hash, save_snapshot

    target = CORPUS / f"x{scale}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("docs", "workshops", "translations", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - solidarity:\n", "  - solidarity:\n      packets: false\n      offline: false\n"
    )
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if scale == 1:
        return target
    langs = [
        p.name
        for p in (ROOT / "translations").iterdir()
        if p.is_dir() and not p.name.startswith("_")
    ]
    kinds = [("docs/cases", "id"), ("workshops", "id")]
    for folder, _ in kinds:
        originals = sorted(p for p in (ROOT / folder).glob("*.md") if p.stem != "index")
        for copy in range(2, scale + 1):
            for source in originals:
                new_id = f"{source.stem}-{copy}"
                english = rename(source.read_text(encoding="utf-8"), source.stem, new_id, copy)
                (target / folder / f"{new_id}.md").write_text(english, encoding="utf-8")
                digest = content_hash(english)
                save_snapshot(target, english)
                for lang in langs:
                    translated = ROOT / "translations" / lang / folder / source.name
                    if translated.exists():
                        text = rename(
                            translated.read_text(encoding="utf-8"), source.stem, new_id, copy
                        )
                        text = re.sub(
                            r"^(  source: )[0-9a-f]{12}$",
                            rf"\g<1>{digest}",
                            text,
                            count=1,
                            flags=re.M,
                        )
                        (target / "translations" / lang / folder / f"{new_id}.md").write_text(
                            text, encoding="utf-8"
                        )
    return target


def rename(text: str, old_id: str, new_id: str, copy: int) -> str:
    import yaml

    text = re.sub(rf"^id: {re.escape(old_id)}$", f"id: {new_id}", text, count=1, flags=re.M)

    # Titles stay unique so navigation and search stay realistic (quoted: "#MeToo" is not a comment).
    def retitle(match: re.Match[str]) -> str:
        return "title: " + json.dumps(
            f"{yaml.safe_load(match.group(1))} ({copy})", ensure_ascii=False
        )

    return re.sub(r"^title: (.+)$", retitle, text, count=1, flags=re.M)
