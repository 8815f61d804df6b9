"""Room to write by hand on a fill-in handout: one rule for the packets and the pages.

A handout with `space: N` is one people write on. Its prompts, found here in its HTML,
get N ruled lines each: in a packet (hooks/packets/paper.py) always, and on the workshop
page (marked by hooks/pages/workshops.py, filled in by the pipeline's Finisher) in
print only, as the page's stylesheet shows the lines on paper and hides them on screen.
"""

from __future__ import annotations

import re

# Lines under each evaluation question, in the packet's form and on the printed page.
EVALUATION_LINES = 2


def ruled(lines: int) -> str:
    """Ruled lines to write on by hand (their size is each stylesheet's `.sc-write`)."""
    return '<div class="sc-write">' + '<div class="sc-rule"></div>' * lines + "</div>"


# A prompt ends in a colon or a question mark, in every script the site is written in
# (Chinese full-width marks, the Arabic question mark).
_PROMPT_END = "[:?\uff1a\uff1f\u061f]"
_INLINE_CLOSE = r"(?:\s*</(?:strong|em|b|i|span|bdi|a)>)*\s*"
_PROMPT_ITEM = re.compile(rf"({_PROMPT_END}{_INLINE_CLOSE})</li>")
_PROMPT_PARAGRAPH = re.compile(rf"({_PROMPT_END}{_INLINE_CLOSE}</p>)")
# A paragraph standing alone under a heading, the next heading or the end after it:
# a worksheet's instruction ("Write it in one sentence."), answered below it. A page's
# headings carry a permalink inside them, so only their end is matched.
_LONE_PARAGRAPH = re.compile(r"(</h[2-6]>\s*<p>(?:(?!</p>).)*</p>)(?=\s*(?:<h[2-6]|$))", re.S)


def writing_space(body: str, lines: int) -> str:
    """A fill-in handout's HTML with `lines` ruled lines under each prompt.

    The rule, declared by `space: N` on the handout: a prompt is a list item or a
    paragraph ending in a colon or question mark ("- Who speaks for them:"), or a
    paragraph alone under its heading; each is followed by N lines. A handout without
    `space` is left as it is.
    """
    if lines <= 0:
        return body
    space = ruled(lines)
    body = _LONE_PARAGRAPH.sub(
        lambda m: m.group(1) if _PROMPT_PARAGRAPH.search(m.group(1)) else m.group(1) + space,
        body,
    )
    body = _PROMPT_ITEM.sub(lambda m: m.group(1) + space + "</li>", body)
    return _PROMPT_PARAGRAPH.sub(lambda m: m.group(1) + space, body)


# How a workshop page marks a fill-in handout's body or its evaluation questions
# (hooks/pages/workshops.py): `data-sc-each` when every list item is answered, prompt or not.
FILL_IN_CLASS = "sc-fill-in"
# (Attributes in the order Markdown writes them: sorted.)
_FILL_IN = re.compile(
    rf'<div class="{FILL_IN_CLASS}"( data-sc-each="item")? data-sc-space="([1-9])">'
)
_DIV = re.compile(r"<(/?)div\b")


def fill_in(space: int, each_item: bool = False) -> str:
    """The Markdown that opens a handout body with `space` lines per prompt, or under every
    list item with `each_item` (its HTML, once rendered, is what `writing_room` looks for)."""
    each = ' data-sc-each="item"' if each_item else ""
    return f'<div class="{FILL_IN_CLASS}"{each} data-sc-space="{space}" markdown="1">'


def writing_room(page: str) -> str:
    """A built page's content with ruled lines in each marked fill-in handout."""
    out, at = [], 0
    for match in _FILL_IN.finditer(page):
        if match.start() < at:
            continue  # inside a handout already filled in
        depth, end = 1, len(page)
        for tag in _DIV.finditer(page, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.start()
                break
        out.append(page[at : match.end()])
        body, lines = page[match.end() : end], int(match.group(2))
        if match.group(1):
            out.append(body.replace("</li>", ruled(lines) + "</li>"))
        else:
            out.append(writing_space(body, lines))
        at = end
    out.append(page[at:])
    return "".join(out)
