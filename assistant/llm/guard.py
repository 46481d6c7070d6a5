"""The guard: deterministic checks that a language model's text says nothing the sources do not.

A model may reword, but it may not add a number, cite a passage it was not given, or render a
link or image to an outside address. Every function here is pure, so the rules can be tested on
crafted texts without any model.

Numbers are compared by value, not by spelling: `121 153`, `121 153` (no-break space), `121,153`
and `121153` are the same number, `−47,9` equals `-47.9`, and a number written with fewer
decimals than its source counts as that source rounded the way the text wrote it (`47,9` for
47.93, `3,99 miljoner` for 3 985 334). A number must equal a computed figure (its value or year),
a number in a passage the text cites, or a number in the question. The sign is not compared,
because Swedish writes a change of −47,9 % as "minskade med 47,9 %".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.models import Figure

MAX_CHARS = 2500
LOOP_NGRAM = 5  # a run of this many words ...
LOOP_REPEATS = 3  # ... occurring this many times is a loop, not prose
SAME_TOKEN_RUN = 5  # "mendatang mendatang mendatang ..."
SAME_CHAR_RUN = 20  # "!!!!!!!!!!!!!!!!!!!!"
BLOB_CHARS = 40  # base64/hex runs this long can smuggle data out
ECHO_WORDS = 4  # this many consecutive words of the prompt's instructions = an echo

# Phrases that only appear when a model obeys, echoes or announces an injected instruction
# (regular expressions over the lower-cased text, so inflected forms match too).
INJECTION_MARKERS: tuple[str, ...] = (
    r"\b(?:ignore|disregard|forget)\w*\s+(?:all\s+|the\s+|any\s+)?(?:previous|prior|above|earlier)",
    r"\b(?:ignorer|bortse|glöm)\w*\s+(?:från\s+)?(?:alla\s+)?"
    r"(?:tidigare|föregående|ovanstående|dina)",
    r"\bsystem\s*-?\s*(?:prompt|meddelande|instruktion)",
    r"<\|im_(?:start|end)\|>|<start_of_turn>|<end_of_turn>",
    r"(?:^|\n)\s*#+\s*system\b|\[system\]",
    r"\byou are now\b|\bdu är nu\b|\bdeveloper mode\b",
)
_INJECTION = [re.compile(p) for p in INJECTION_MARKERS]

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?<![\w.,])"  # not inside a word (CO2, PM2.5) or glued to another number
    r"(?P<sign>[-−+](?=\d))?"
    r"(?P<int>\d{1,3}(?:[" + _SPACES + r"]\d{3})+(?!\d)"  # 121 153 (Swedish thousands)
    r"|\d{1,3}(?:,\d{3})+(?![\d])"  # 121,153 (English thousands, or a Swedish decimal)
    r"|\d+)"
    r"(?:[.,](?P<dec>\d+))?"
)
_SCALE = re.compile(
    r"\s*(?:(?P<m>miljoner|miljon|milj\.|mn|millions?|Mt|megaton)"
    r"|(?P<b>miljarder|miljard|mdr|billions?)"
    r"|(?P<k>tusen|thousands?|kt|kiloton))(?![\wåäö])",
)
_CITATION = re.compile(r"\[\^?(\s*\d+(?:\s*(?:,|;|–|-|och|and)\s*\^?\d+)*\s*)\](?!\()")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)[^)]*\)")
_MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)[^)]*\)")
_REF_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_RAW_URL = re.compile(
    r"(?:\b(?:https?|ftp|file|data|javascript|mailto):|\bwww\.)[^\s<>\"'\])]+", re.IGNORECASE
)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?\s*>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BLOB = re.compile(rf"[A-Za-z0-9+/=_-]{{{BLOB_CHARS},}}")


@dataclass(frozen=True)
class Number:
    """One number as written. `candidates` holds (mantissa, decimals) readings: `121,153` is
    121153 in English and 121.153 in Swedish, and the text passes if either reading is right."""

    text: str
    start: int
    candidates: tuple[tuple[float, int], ...]
    scale: float = 1.0
    negative: bool = False

    @property
    def values(self) -> tuple[float, ...]:
        sign = -1.0 if self.negative else 1.0
        return tuple(sign * m * self.scale for m, _ in self.candidates)


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    reasons: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "ok" if self.ok else "; ".join(self.reasons)


# --- numbers ------------------------------------------------------------------------------------

def extract_numbers(text: str) -> list[Number]:
    """Every number in `text`, in Swedish or English notation, with its scale word applied."""
    numbers: list[Number] = []
    for match in _NUMBER.finditer(text):
        scale, scale_text = _scale_after(text, match.end())
        numbers.append(Number(
            text=match.group(0) + scale_text,
            start=match.start(),
            candidates=_readings(match.group("int"), match.group("dec")),
            scale=scale,
            negative=match.group("sign") in ("-", "−"),
        ))
    return numbers


def _readings(integer: str, decimals: str | None) -> tuple[tuple[float, int], ...]:
    digits = re.sub(r"[\s,\u00a0\u202f\u2009]", "", integer)
    if decimals is not None:
        return ((float(f"{digits}.{decimals}"), len(decimals)),)
    if "," in integer and integer.count(",") == 1:
        # "3,985" is 3985 in English and 3.985 in Swedish: both readings are candidates.
        head, tail = integer.split(",")
        return ((float(digits), 0), (float(f"{head}.{tail}"), len(tail)))
    return ((float(digits), 0),)


def _scale_after(text: str, end: int) -> tuple[float, str]:
    match = _SCALE.match(text, end)
    if not match:
        return 1.0, ""
    if match.group("m"):
        return 1e6, match.group(0)
    if match.group("b"):
        return 1e9, match.group(0)
    return 1e3, match.group(0)


def reference_values(texts: Iterable[str] = (), figures: Iterable[Figure] = ()) -> list[float]:
    """The absolute values a text may use: every reading of every number in `texts`, and each
    figure's value and year(s)."""
    values: list[float] = []
    for text in texts:
        for number in extract_numbers(text or ""):
            values.extend(abs(v) for v in number.values)
    for figure in figures:
        values.append(abs(float(figure.value)))
        values.extend(abs(v) for n in extract_numbers(str(figure.year)) for v in n.values)
    # NaN matches nothing and would only hide bugs in comparisons.
    return [v for v in values if math.isfinite(v)]


def number_supported(number: Number, references: Sequence[float]) -> bool:
    """True when some reading of `number`, rounded as written, equals a reference value."""
    for mantissa, decimals in number.candidates:
        value = mantissa * number.scale
        tolerance = 0.5 * 10.0 ** -decimals * number.scale * (1 + 1e-9) + 1e-9
        tolerance = max(tolerance, _trailing_zero_tolerance(mantissa, decimals, number.scale))
        if any(abs(ref - value) <= tolerance for ref in references):
            return True
    return False


def _trailing_zero_tolerance(mantissa: float, decimals: int, scale: float) -> float:
    """`121 200` may stand for 121 152.7 rounded to hundreds. Only with at least three
    significant digits (so `100 000` is not "about" anything) and never for a year-like number
    (2020 is not 2024 rounded)."""
    if decimals or scale != 1.0 or mantissa < 1000 or 1800 <= mantissa <= 2100:
        return 0.0
    digits = str(int(mantissa))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0 or len(digits) - zeros < 3:
        return 0.0
    return 0.5 * 10.0**zeros * (1 + 1e-9)


# --- citations, links, shape --------------------------------------------------------------------

def extract_citations(text: str) -> list[int]:
    """Citation numbers in `[1]`, `[1, 2]`, `[1–3]`, `[^1]` form, in order of appearance."""
    cited: list[int] = []
    for match in _CITATION.finditer(text):
        inner = match.group(1)
        for part in re.split(r"\s*(?:,|;|och|and)\s*", inner.strip()):
            part = part.replace("^", "")
            if re.fullmatch(r"\d+\s*[–-]\s*\d+", part):
                low, high = (int(p) for p in re.split(r"\s*[–-]\s*", part))
                cited.extend(range(low, high + 1) if high - low < 50 else (low, high))
            elif part.strip().isdigit():
                cited.append(int(part))
    return cited


def extract_urls(text: str) -> list[str]:
    """Every address the text would render as a link or image (Markdown, reference, raw)."""
    found = [m.group(1) for m in _MD_IMAGE.finditer(text)]
    found += [m.group(1) for m in _MD_LINK.finditer(text)]
    found += [m.group(1) for m in _REF_DEFINITION.finditer(text)]
    rest = _blank(text, _MD_IMAGE, _MD_LINK, _REF_DEFINITION)
    found += [m.group(0).rstrip(".,;:!?") for m in _RAW_URL.finditer(rest)]
    return list(dict.fromkeys(u for u in found if u))


def _blank(text: str, *patterns: re.Pattern[str]) -> str:
    """Replace matches with spaces so that digits inside citations and URLs are not read as
    claims, while positions stay the same."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _normalise_url(url: str) -> str:
    return url.strip().strip("<>").rstrip("/").lower()


def is_looping(text: str) -> bool:
    words = re.findall(r"\S+", text.lower())
    for word, run in _runs(words):
        if run >= SAME_TOKEN_RUN and word:
            return True
    if re.search(rf"(.)\1{{{SAME_CHAR_RUN - 1},}}", text):
        return True
    grams = Counter(tuple(words[i:i + LOOP_NGRAM]) for i in range(len(words) - LOOP_NGRAM + 1))
    return bool(grams) and max(grams.values()) >= LOOP_REPEATS


def _runs(words: list[str]) -> Iterable[tuple[str, int]]:
    previous, run = None, 0
    for word in words:
        run = run + 1 if word == previous else 1
        previous = word
        yield word, run


# --- instructions hidden in sources ------------------------------------------------------------

# A sentence in a source that talks to the model rather than about the world. Such sentences are
# never facts worth citing, so they are held back from the model (and logged), and any distinctive
# token only they contain (PWNED-01) is forbidden in the answer.
_VERBS = r"(?:svar|skriv|vis|ta med|hänvis|länk|inkluder|säg|repl|respond|writ|show|includ|cit|say)"
INSTRUCTION_PATTERNS: tuple[str, ...] = (
    r"\b(?:ignor\w*|disregard\w*|forget|glöm\w*|bortse\w* från)\b",
    r"\b(?:i (?:ditt |ert )?svar(?:et)?|in (?:your|the) (?:answer|response|reply)|när du svarar"
    r"|when you (?:answer|reply))\b",
    r"\b(?:till|to) (?:the )?(?:ai\b|ai-?assistent\w*|språkmodell\w*|assistant|model\b|chatbot)",
    r"\b(?:ai-assistent\w*|språkmodell\w*|language model|chatbot\w*)\b",
    r"(?:you are now|du är nu|system override|system ?prompt|\[/?inst\]|<\|im_|_of_turn"
    r"|#+\s*system\b|^\s*system\s*:)",
    r"\b" + _VERBS + r"\w*\b[^.!?\n]{0,60}\b(?:alltid|endast|bara|enbart|först|ordagrant"
    r"|always|only|verbatim)\b",
    r"\b(?:alltid|always)\s+(?:\w+\s+){0,2}" + _VERBS,
    r"\b(?:avkod\w*|decode|följ|follow|anropa|execute|run)\b[^.\n]{0,40}\b(?:instruktion\w*"
    r"|instruction\w*|verktyg\w*|tool|kommando\w*|command)",
)
_INSTRUCTION = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in INSTRUCTION_PATTERNS]
# "skriv PWNED-01": a command followed by a shouted token (case matters for the token only).
_SHOUT_COMMAND = re.compile(r"\b(?i:skriv|write|include|inkludera|ta med|svara med|reply with"
                            r"|respond with)\s+[\"'“”]?[A-ZÅÄÖ]{3,}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_SHOUTED = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w|\b[A-ZÅÄÖ]{3,}(?:[-_][\wÅÄÖ]+)*")


def is_instruction_like(sentence: str) -> bool:
    return bool(_SHOUT_COMMAND.search(sentence)) or any(p.search(sentence) for p in _INSTRUCTION)


def split_instructions(text: str) -> tuple[str, list[str]]:
    """(the text without instruction-like sentences, the sentences removed)."""
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE.split(text):
        if sentence.strip():
            (dropped if is_instruction_like(sentence) else kept).append(sentence.strip())
    return " ".join(kept), dropped


def quarantined_tokens(dropped: Iterable[str], kept_text: str) -> list[str]:
    """Shouted tokens (PWNED-01, DAN) and e-mail addresses that appear only in removed
    sentences."""
    tokens = {t for sentence in dropped for t in _SHOUTED.findall(sentence)}
    return sorted(t for t in tokens if t not in kept_text)


# --- the check ----------------------------------------------------------------------------------

def check(
    text: str,
    figures: Sequence[Figure],
    passages: Sequence[str],
    n_sources: int | None = None,
    *,
    question: str = "",
    reference_text: str = "",
    allowed_urls: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    prompt: str = "",
    max_chars: int = MAX_CHARS,
) -> GuardResult:
    """Check a model's text against what it was given.

    `passages[i]` is the text of source `i + 1`; `n_sources` defaults to `len(passages)`.
    `reference_text` is text computed by code (the offline answer), whose numbers are allowed
    like figures. `allowed_urls` are the sources' own addresses. `forbidden` are phrases that
    must not appear (the data delimiters, tokens of held-back instructions); `prompt` is the
    instruction text, of which no run of ECHO_WORDS words may be repeated: either means the
    model echoed its prompt or obeyed a document instead of answering.
    """
    n_sources = len(passages) if n_sources is None else n_sources
    reasons: list[str] = []
    stripped = (text or "").strip()
    if not stripped or not re.search(r"[^\W\d_]", stripped):
        return GuardResult(False, ("empty answer",))
    if len(stripped) > max_chars:
        reasons.append(f"too long: {len(stripped)} characters > {max_chars}")
    if is_looping(stripped):
        reasons.append("looping: repeated words or phrases")
    reasons += _citation_reasons(stripped, n_sources)
    reasons += _link_reasons(stripped, allowed_urls)
    reasons += _email_reasons(stripped, passages)
    reasons += _marker_reasons(stripped, forbidden)
    reasons += _echo_reasons(stripped, prompt)
    cited = [i for i in set(extract_citations(stripped)) if 1 <= i <= len(passages)]
    references = reference_values(
        [question, reference_text, *(passages[i - 1] for i in sorted(cited))], figures)
    reasons += _number_reasons(stripped, references)
    return GuardResult(not reasons, tuple(reasons))


def _citation_reasons(text: str, n_sources: int) -> list[str]:
    cited = extract_citations(text)
    reasons = [f"citation [{n}] refers to no source (1..{n_sources})"
               for n in sorted(set(cited)) if not 1 <= n <= n_sources]
    if n_sources and not cited:
        reasons.append("no citation although sources were given")
    return reasons


def _link_reasons(text: str, allowed_urls: Iterable[str]) -> list[str]:
    allowed = {_normalise_url(u) for u in allowed_urls if u}
    reasons = [f"image: {m.group(0)[:120]}" for m in _MD_IMAGE.finditer(text)]
    without_images = _blank(text, _MD_IMAGE)
    for url in extract_urls(without_images):
        if _normalise_url(url) not in allowed:
            reasons.append(f"link not in the sources: {url[:120]}")
    reasons += [f"html tag: {m.group(0)[:60]}" for m in _HTML_TAG.finditer(text)]
    blob_text = _blank(without_images, _MD_LINK, _RAW_URL)
    reasons += [f"encoded blob: {m.group(0)[:60]}" for m in _BLOB.finditer(blob_text)
                if re.search(r"\d", m.group(0)) and re.search(r"[A-Za-z]", m.group(0))]
    return reasons


def _email_reasons(text: str, passages: Sequence[str]) -> list[str]:
    # Markdown renderers turn an address into a mailto: link, so it needs a source too.
    shown = " ".join(passages)
    return [f"e-mail address not in the sources: {m}" for m in _EMAIL.findall(text)
            if m not in shown]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _echo_reasons(text: str, prompt: str) -> list[str]:
    if not prompt:
        return []
    prompt_words = _words(prompt)
    grams = {tuple(prompt_words[i:i + ECHO_WORDS])
             for i in range(len(prompt_words) - ECHO_WORDS + 1)}
    words = _words(text)
    for i in range(len(words) - ECHO_WORDS + 1):
        if tuple(words[i:i + ECHO_WORDS]) in grams:
            return [f"prompt echo: {' '.join(words[i:i + ECHO_WORDS])!r}"]
    return []


def _marker_reasons(text: str, forbidden: Iterable[str]) -> list[str]:
    lowered = text.lower()
    reasons = [f"injection marker: {m.group(0)!r}" for p in _INJECTION
               if (m := p.search(lowered))]
    flat = " ".join(lowered.split())
    for phrase in forbidden:
        phrase_norm = " ".join(phrase.lower().split())
        if phrase_norm and phrase_norm in flat:
            reasons.append(f"prompt echo: {phrase_norm[:60]!r}")
    return reasons


def _number_reasons(text: str, references: Sequence[float]) -> list[str]:
    readable = _blank(text, _MD_IMAGE, _MD_LINK, _RAW_URL, _CITATION)
    return [f"number {n.text!r} is in no figure, cited passage or the question"
            for n in extract_numbers(readable) if not number_supported(n, references)]
