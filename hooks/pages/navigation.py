"""The site's navigation, the same in every language (titles come from each page)."""

from __future__ import annotations

from typing import Any

from ..model.project import Project

NAV_KEYS = (
    "nav.learn",
    "nav.principles",
    "nav.cases",
    "nav.facilitate",
    "nav.workshops",
    "nav.curricula",
    "nav.about",
)


def navigation(project: Project) -> list[Any]:
    """The site's navigation, ordered by the model (principle order, case years)."""
    s = project.strings[project.default.code]
    principles = [p.page for p in sorted(project.principles.values(), key=lambda p: p.order)]
    cases = [c.page for c in sorted(project.cases.values(), key=lambda c: (c.start, c.end, c.id))]
    workshops = [w.page for w in sorted(project.workshops.values(), key=lambda w: w.id)]
    curricula = [c.page for c in sorted(project.curricula.values(), key=lambda c: c.id)]
    have = set(project.english)

    def only(*paths: str) -> list[str]:
        return [p for p in paths if p in have]

    learn: list[Any] = only("what-is-solidarity.md")
    learn.append({s.t("nav.principles"): only("principles/index.md") + principles})
    learn += only("faq.md", "glossary.md")
    return [
        *only("index.md"),
        {s.t("nav.learn"): learn},
        {s.t("nav.cases"): only("cases/index.md") + cases},
        {
            s.t("nav.facilitate"): only("facilitators.md")
            + (["plan.md"] if s.english().has("builder.title") else [])
            + [
                {s.t("nav.workshops"): ["workshops/index.md", *workshops]},
                {s.t("nav.curricula"): ["curricula/index.md", *curricula]},
            ]
        },
        {s.t("nav.about"): only("about.md", "translators.md") + ["status.md"]},
    ]
