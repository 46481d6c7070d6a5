"""Text from documents, data and users in the page: the one place that makes it inert.

Streamlit renders Markdown almost everywhere (messages, expander and status labels, captions,
progress texts), and Markdown can carry active content: images that load from another host
(`![a[b]](//evil.example/x.png)`), links to `javascript:`, raw HTML, KaTeX math, colour
directives. Every string that comes from a document, a manifest, an upload or a user goes
through one of these functions before it reaches Streamlit (ui.py, admin_ui.py) or the
exported Markdown (press.py):

- `escape(text)`: the text exactly as written: each character Markdown or HTML gives a meaning
  is backslash-escaped (a title, a quote, a file name, a question). `inline=True` (labels)
  also folds line breaks, so a title cannot start a new block. (Streamlit still turns a bare
  http(s) URL into a link that shows that URL; no escape prevents it, and it is no active
  content: it neither loads nor runs anything, and hides nothing.)
- `safe_markdown(text)`: text our code composed around document sentences (an answer). The
  composer's emphasis, lists and paragraphs stay; what could become active content is escaped:
  HTML and autolinks (`<`), link, image and directive syntax (`[`, except citation markers
  like `[2]`), math (`$`) and a backslash that could undo an escape.
- `link(label, url)`: a Markdown link only to an http(s) URL with a host, percent-encoded so
  that `)` or a space cannot break out of it; anything else is shown as text.
- `answer_markdown(answer)`: an answer's text, with the echo of the question (a refusal
  quotes it) escaped like any other user text.
- `marked_passage(passage, quote)`: a cited passage shown whole, every character as written,
  with the quoted answer unit in bold (bold, not only a colour: WCAG 1.4.1).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

# Characters with a meaning anywhere in a line (CommonMark, GFM, Streamlit's KaTeX and
# directives): code, emphasis, links/images/directives, HTML/autolinks, math, strikethrough,
# tables, entities. `(`, `)` and `!` only mean something after `]` or before `[`.
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>$~|&"})
# ... and at the start of a line: headings, block quotes, list items, setext underlines.
_LINE_START = re.compile(r"^([ \t]*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)
# A citation marker the composer writes, "[3]": a link needs `](`, a reference definition
# `]:` and an image `![`, so a bare "[3]" stays text and keeps its look in the source too.
_CITATION = re.compile(r"\[\d{1,3}\](?![(\[:])")
_UNSAFE_IN_MARKDOWN = re.compile(r"[\\<$\[]")
SAFE_SCHEMES = ("http", "https")
# Characters kept as they are in a link target: the URL syntax itself, minus what Markdown
# uses to end a link target (parentheses, angle brackets, spaces, quotes, backslash).
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._"


def escape(text: Any, *, inline: bool = False) -> str:
    """`text` shown literally by Streamlit's Markdown. With `inline`, line breaks (and other
    whitespace runs) become one space: for labels and one-line captions."""
    value = str(text if text is not None else "")
    if inline:
        value = " ".join(value.split())
    value = value.translate(_ESCAPE)
    return _LINE_START.sub(_escape_line_start, value)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker.isdigit():  # "2024. Året …" is no ordered list: escape the dot after it
        return f"{match.group(1)}{marker}\\"
    return f"{match.group(1)}\\{marker}"


def safe_markdown(text: Any) -> str:
    """Composed Markdown with everything that could become active content escaped (see the
    module docstring); emphasis, lists and citation markers stay."""
    value = str(text if text is not None else "")
    parts = []
    last = 0
    for marker in _CITATION.finditer(value):
        parts.append(_neutralise(value[last:marker.start()]))
        parts.append(marker.group(0))
        last = marker.end()
    parts.append(_neutralise(value[last:]))
    return "".join(parts)


def _neutralise(text: str) -> str:
    return _UNSAFE_IN_MARKDOWN.sub(lambda m: "\\" + m.group(0), text)


def safe_url(url: Any) -> str | None:
    """The URL percent-encoded for a Markdown link target, or None unless it is http(s) with
    a host (no `javascript:`, `data:`, protocol-relative `//host` or relative paths)."""
    value = str(url or "").strip()
    if not value or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    # Markdown decodes entities in a link target ("&#106;" -> "j"): "&amp;" keeps it as given.
    return quote(value, safe=_URL_SAFE).replace("&", "&amp;")


def link(label: Any, url: Any) -> str:
    """`[label](url)` for a safe URL, else the escaped label (and URL, when they differ)."""
    target = safe_url(url)
    shown = escape(label, inline=True)
    if target is not None:
        return f"[{shown}]({target})"
    if str(url or "") and str(url) != str(label):
        return f"{shown} ({escape(url, inline=True)})"
    return shown


def answer_markdown(answer: Any) -> str:
    """The answer's text for the page: composed Markdown made safe, and the question's echo
    (a refusal says "… besvarar frågan ”{question}” …") escaped as the user's own text."""
    text = str(answer.answer or "")
    question = str(answer.question or "").rstrip("…")
    # A refusal quotes the question whole or cut at 120 characters; the over-long one keeps 200.
    for echo in (question, question[:200], question[:120]):
        at = text.find(echo) if echo else -1
        if at >= 0:
            return (safe_markdown(text[:at]) + escape(echo, inline=True)
                    + safe_markdown(text[at + len(echo):]))
    return safe_markdown(text)


def marked_passage(passage: Any, quote: Any) -> str:
    """The passage as literal text, line breaks kept, with `quote` (a verbatim substring, which
    may span lines: a list with its lead-in) marked in bold."""
    text = str(passage or "")
    quoted = str(quote or "")
    start = text.find(quoted) if quoted else -1
    end = start + len(quoted)
    paragraphs: list[str] = []
    position = 0
    for paragraph in text.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            first, last = position, position + len(line)
            position = last + 1
            if start >= 0 and first < end and last > start and line.strip():
                a, b = max(start, first) - first, min(end, last) - first
                lines.append(escape(line[:a]) + "**" + escape(line[a:b]).strip() + "**"
                             + escape(line[b:]))
            elif line.strip():
                lines.append(escape(line))
        position += 1  # the blank line between paragraphs
        if lines:
            paragraphs.append("  \n".join(lines))
    return "\n\n".join(paragraphs)
