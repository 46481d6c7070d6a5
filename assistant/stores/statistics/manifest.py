"""A statistics release's manifest: what its CSV holds, where it comes from, and its units.

The manifest is a pydantic model: each field declares its shape, and `Manifest.from_dict` turns
the first problem pydantic finds into a Swedish message that names the field (a region officer
fixes a YAML file by it). YAML itself is read with the package's limited loader
(`assistant.files.load_plain_yaml`: no anchors, aliases or tags, a size cap).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from assistant.errors import LoadError, UserFacingError
from assistant.files import YamlRefused, load_plain_yaml, open_regular
from assistant.text import split_sentences

COLUMN_TYPES = ("str", "int", "float")
LEVELS = ("kommun", "lan", "riket", "mixed")
DATASET_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MANIFEST_SUFFIX = ".manifest.yaml"
MAX_MANIFEST_BYTES = 200_000  # the largest shipped manifest is 3.6 kB
MAX_UNIT_CHARS = 60
UNIT_FORBIDDEN = set("<>[](){}*_`$|#!\\\n\r\t")  # units are shown in answers as plain text
FIRST_YEAR = 1800
# The fields every manifest states (licence and lulucf are optional).
MANIFEST_FIELDS = ("id", "title", "description", "source_organisation", "source_url", "via",
                   "release", "release_year", "unit", "years", "level", "key", "columns",
                   "caveats")


class StatisticsError(UserFacingError):
    """A dataset could not be loaded or read."""


class _Invalid(ValueError):
    """A field's problem in Swedish, as the manifest's author must read it."""


# ---------------------------------------------------------------- field shapes


def _text(name: str, allow_empty: bool = False) -> Any:
    def check(value: Any) -> str:
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str) or (not value.strip() and not allow_empty):
            raise _Invalid(f"fältet {name} måste vara en icke-tom text.")
        return " ".join(value.split())
    return BeforeValidator(check)


def _texts(name: str) -> Any:
    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _Invalid(f"fältet {name} måste vara en lista med texter.")
        return tuple(" ".join(v.split()) for v in value)
    return BeforeValidator(check)


def _years(value: Any) -> tuple[int, ...]:
    """`[1990, 2000]`, `{from: 1950, to: 2025}` or `[]` (no year column)."""
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        start, end = value["from"], value["to"]
        if isinstance(start, int) and isinstance(end, int) and start <= end:
            return tuple(range(start, end + 1))
    if isinstance(value, list) and all(isinstance(y, int) and not isinstance(y, bool)
                                       for y in value):
        return tuple(sorted(set(value)))
    raise _Invalid("years måste vara en lista med år eller {from: år, to: år}.")


_MESSAGES = {  # pydantic's own type errors, per field, in the manifest author's words
    "release_year": "fältet release_year måste vara ett heltal.",
    "lulucf": "fältet lulucf måste vara true eller false.",
    "columns": "columns måste vara en mappning från kolumnnamn till beskrivning.",
}


class ColumnSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    type: Literal["str", "int", "float"]
    description: str
    required: bool = True
    unit: str = ""

    @classmethod
    def from_raw(cls, name: str, spec: Any) -> ColumnSpec:
        if not isinstance(spec, dict) or spec.get("type") not in COLUMN_TYPES:
            raise _Invalid(f"kolumnen {name} måste ha type str, int eller float.")
        if not isinstance(spec.get("description"), str) or not spec["description"].strip():
            raise _Invalid(f"kolumnen {name} saknar description.")
        required = spec.get("required", True)
        if not isinstance(required, bool):
            raise _Invalid(f"required för kolumnen {name} måste vara true/false.")
        return cls(type=spec["type"], description=spec["description"].strip(),
                   required=required, unit=str(spec.get("unit") or ""))


class Manifest(BaseModel):
    """One dataset release's description. Immutable; `to_json` is its stored form."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Annotated[str, _text("id")]
    title: Annotated[str, _text("title")]
    description: Annotated[str, _text("description")]
    source_organisation: Annotated[str, _text("source_organisation")]
    source_url: Annotated[str, _text("source_url", allow_empty=True)]
    via: Annotated[str, _text("via", allow_empty=True)]
    release: Annotated[str, _text("release")]
    release_year: StrictInt
    unit: Annotated[str, _text("unit", allow_empty=True)]
    years: Annotated[tuple[int, ...], BeforeValidator(_years)]
    level: Annotated[str, _text("level")]
    key: Annotated[tuple[str, ...], _texts("key")]
    columns: dict[str, ColumnSpec] = Field(min_length=1)
    caveats: Annotated[tuple[str, ...], _texts("caveats")]
    licence: Annotated[str, _text("licence", allow_empty=True)] = ""
    lulucf: StrictBool = False  # includes land use, whose net sink makes emissions negative

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, value: Any) -> dict[str, ColumnSpec]:
        if not isinstance(value, dict) or not value:
            raise _Invalid(_MESSAGES["columns"])
        return {str(name): ColumnSpec.from_raw(name, spec) for name, spec in value.items()}

    @field_validator("caveats", mode="before")
    @classmethod
    def _no_caveats(cls, value: Any) -> Any:
        return value or []  # `caveats:` with nothing after it means none

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        """What no single field can check: the id's form, the level, the key, the years and
        the units."""
        if not DATASET_ID.match(self.id):
            raise _Invalid(f"id ”{self.id}” får bara innehålla små bokstäver a–z, siffror och "
                           "understreck.")
        if self.level not in LEVELS:
            raise _Invalid(f"level måste vara en av {', '.join(LEVELS)}, inte ”{self.level}”.")
        unknown = [k for k in self.key if k not in self.columns]
        if not self.key or unknown:
            raise _Invalid("nyckeln måste bestå av kolumner i manifestet; okända: "
                           f"{', '.join(unknown) or '(tom nyckel)'}.")
        optional = [k for k in self.key if not self.columns[k].required]
        if optional:
            raise _Invalid(f"nyckelkolumnerna {', '.join(optional)} måste vara required: true.")
        if self.years and (self.years[0] < FIRST_YEAR or self.years[-1] > self.release_year):
            raise _Invalid(f"years ({self.years[0]}–{self.years[-1]}) måste ligga mellan "
                           f"{FIRST_YEAR} och release_year ({self.release_year}); en utgåva har "
                           "inga senare år.")
        for where, unit in [("unit", self.unit)] + [(f"unit för kolumnen {name}", c.unit)
                                                    for name, c in self.columns.items()]:
            if len(unit) > MAX_UNIT_CHARS or UNIT_FORBIDDEN & set(unit):
                raise _Invalid(f"{where} ”{unit[:40]}” är ingen enhet (högst {MAX_UNIT_CHARS} "
                               "tecken, inga specialtecken som < > [ ] ( ) * _).")
        return self

    def __hash__(self) -> int:  # the columns (a dict) are not part of a manifest's identity
        return hash((self.id, self.release, self.release_year))

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: Path) -> Manifest:
        try:
            with open_regular(path) as f:
                data = f.read(MAX_MANIFEST_BYTES + 1)
        except LoadError as exc:
            raise StatisticsError(f"Manifestet {Path(path).name}: {exc.user_message}",
                                  exc.detail) from exc
        return cls.from_text(data, origin=Path(path).name)

    @classmethod
    def from_text(cls, data: bytes, origin: str = "manifestet") -> Manifest:
        """Parse and validate a manifest's YAML (from a file or an upload) with limits: at most
        MAX_MANIFEST_BYTES, UTF-8, no YAML anchors, aliases or tags (see load_plain_yaml)."""
        if len(data) > MAX_MANIFEST_BYTES:
            raise StatisticsError(f"{origin}: manifestet är för stort (högst "
                                  f"{MAX_MANIFEST_BYTES // 1000} kB).",
                                  f"{len(data)} bytes > {MAX_MANIFEST_BYTES}")
        try:
            raw = load_plain_yaml(data.decode("utf-8"), max_depth=3)
        except YamlRefused as exc:
            raise StatisticsError(f"{origin}: manifestet {exc.problem}.",
                                  f"{origin}: {exc.detail}") from exc
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise StatisticsError(f"{origin}: manifestet går inte att läsa; det ska vara YAML i "
                                  f"UTF-8 ({type(exc).__name__}).", f"{origin}: {exc!r}") from exc
        return cls.from_dict(raw, origin=origin)

    @classmethod
    def from_dict(cls, raw: Any, origin: str = "manifestet") -> Manifest:
        """Build and validate a manifest; every problem names the field that is wrong."""
        if not isinstance(raw, dict):
            raise StatisticsError(f"{origin}: manifestet måste vara en YAML-mappning.")
        missing = [f for f in MANIFEST_FIELDS if f not in raw]
        if missing:
            raise StatisticsError(f"{origin}: fälten {', '.join(missing)} saknas i manifestet.")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise StatisticsError(f"{origin}: {_first_problem(exc)}",
                                  f"{origin}: {exc.errors(include_url=False)[:3]}") from None

    # -- using -----------------------------------------------------------------------------

    @property
    def first_sentence(self) -> str:
        return (split_sentences(self.description) or [self.description])[0]

    def source_label(self) -> str:
        """`SMHI, Nationella emissionsdatabasen (via Klimatkollen)`."""
        via = self.via.split(",")[0].strip()
        return f"{self.source_organisation} (via {via})" if via else self.source_organisation

    def to_json(self) -> str:
        data: dict[str, Any] = {f: getattr(self, f) for f in MANIFEST_FIELDS}
        data["licence"] = self.licence
        if self.lulucf:  # only when set: the other releases keep their identity (sha256)
            data["lulucf"] = True
        data["columns"] = {name: c.model_dump() for name, c in self.columns.items()}
        return json.dumps(data, ensure_ascii=False)


def _first_problem(exc: ValidationError) -> str:
    """The first error in field order, as the manifest's author must read it."""
    error = exc.errors(include_url=False)[0]
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, _Invalid):
        return str(cause)
    field = str(error["loc"][0]) if error["loc"] else ""
    return _MESSAGES.get(field, f"fältet {field} är felaktigt ({error['msg']}).")


def unit_changes(previous: Manifest, new: Manifest) -> list[str]:
    """How the units of a new release differ from the previous release of the same dataset
    (the dataset's unit and each column's), in Swedish; [] when they agree. A change needs
    an explicit `--allow-unit-change`: numbers in another unit would be read in the old one."""
    changes = []
    if previous.unit != new.unit:
        changes.append(f"enheten ändras från ”{previous.unit}” till ”{new.unit}”")
    for name, column in new.columns.items():
        old = previous.columns.get(name)
        if old is not None and old.unit != column.unit:
            changes.append(f"kolumnen {name} ändras från ”{old.unit}” till ”{column.unit}”")
    return changes
