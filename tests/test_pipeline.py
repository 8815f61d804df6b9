"""The pipeline without MkDocs (hooks/pipeline.py): staged with MkDocs unimportable,
built by plain `mkdocs build` on the generated config, finished with MkDocs
unimportable, the site is byte for byte the one the plugin builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Build, mkdocs_build

# Any import of MkDocs in these processes fails.
WITHOUT_MKDOCS = (
    "import sys; sys.modules['mkdocs'] = None\n"
    "from hooks.pipeline import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def pipeline(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_MKDOCS, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def plain_build(project: Path, out: Path, tmp: Path, warm: bool = False) -> Path:
    """Stage, build with plain MkDocs, finish. `warm`: the packets' cache is already
    filled by a build of the same sources, so no packet may be rendered again."""
    config = tmp / "plain-mkdocs.yml"
    staged = pipeline(project, "stage", "--engine-config", str(config))
    assert staged.returncode == 0, staged.stderr
    if warm:
        assert "packets: 0 rendered" in staged.stdout + staged.stderr, staged.stderr[-2000:]
    settings = json.loads(staged.stdout)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["SOURCE_DATE_EPOCH"] = str(settings["source_date_epoch"])
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    finished = pipeline(project, "finish", "--site-dir", str(out))
    assert finished.returncode == 0, finished.stderr[-4000:]
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_same_site(ours: Path, plain: Path) -> None:
    a, b = tree(ours), tree(plain)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:10]


def test_mini_site_without_mkdocs_in_the_pipeline_is_the_same(mini: Path, tmp_path: Path) -> None:
    ours = mkdocs_build(mini, tmp_path / "ours").site
    assert_same_site(ours, plain_build(mini, tmp_path / "plain", tmp_path))


def test_the_pipeline_reports_problems_without_mkdocs(mini: Path) -> None:
    page = mini / "docs/cases/strike.md"
    page.write_text(page.read_text("utf-8") + "\n[gone](nowhere.md)\n", encoding="utf-8")
    staged = pipeline(mini, "stage")
    assert staged.returncode == 0, staged.stderr  # a broken link is found after the build
    title = page.read_text("utf-8").replace("title: ", "title: <b>", 1)
    page.write_text(title, encoding="utf-8")
    refused = pipeline(mini, "stage")
    assert refused.returncode == 1
    assert "docs/cases/strike.md:" in refused.stderr and "Traceback" not in refused.stderr


def test_real_site_without_mkdocs_in_the_pipeline_is_the_same(site: Build, tmp_path: Path) -> None:
    """Also the warm rebuild a contributor makes: the second build of the same sources
    renders no packet and gives the same bytes."""
    plain = plain_build(ROOT, tmp_path / "plain", tmp_path, warm=True)
    assert_same_site(site.site, plain)
    # The plugin publishes packets from the cache as hard links (copies only across file
    # systems); a plain engine copies what the stage put in its docs folder.
    cache = ROOT / ".cache/solidarity/packets"
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in cache.glob("*.pdf")}
    published = sorted(site.site.rglob("*.pdf"))
    assert len(published) >= 100
    if published[0].stat().st_dev == cache.stat().st_dev:
        assert all((p.stat().st_dev, p.stat().st_ino) in cached for p in published)
