"""The translation status page."""

from __future__ import annotations

import html

from ..model.status import LanguageStatus
from ..model.strings import Strings


def status_page(statuses: list[LanguageStatus], s: Strings) -> str:
    out = [
        s.t("status.intro") + "\n",
        f"| {s.t('status.language')} | {s.t('status.words')} | {s.t('status.translated')} "
        f"| {s.t('status.stale')} | {s.t('status.missing')} |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for st in statuses:
        bar = (
            f'<progress max="100" value="{st.percent}" aria-label="{html.escape(st.name)}: '
            f'{st.percent}%">{st.percent}%</progress> {st.percent}%'
        )
        out.append(
            f"| {st.name} | {bar} | {st.count('reviewed', 'draft')} | {st.count('stale')} "
            f"| {st.count('missing')} |"
        )
    for st in statuses:
        out.append(f"\n## {st.name} {{#lang-{st.lang}}}\n")
        out.append(f"| {s.t('status.page')} | {s.t('status.state')} |")
        out.append("| --- | --- |")
        for p in st.pages:
            out.append(f"| [{p.site_path}]({p.site_path}) | {s.t('status.state_' + p.state)} |")
    return "\n".join(out) + "\n"
