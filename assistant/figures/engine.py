"""From a FigureRequest to checked figures: `compute(request, stats) -> FigureResult`.

The engine picks the tables and the release, calls the pure functions in `compute.py`, and
writes the answer. Rules from the data README, enforced here:

- Emissions come from the latest SMHI release; 2016–2019 only from the previous release, and
  one calculation never mixes releases. A year no release has is refused, never interpolated.
- County and Sweden come from the county table; Sweden has no total row, so its total is the
  sum of the nine sectors. In the previous release a county is the sum of its municipalities.
- Per inhabitant = emissions / population on 31 December of the same year.
Every number in the text is a Figure value written by `formatting.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assistant.figures import compute as calc
from assistant.figures.formatting import format_signed, format_value, format_year_range
from assistant.figures.request import FigureRequest, Place
from assistant.models import Chart, Figure, Status
from assistant.statistics import Manifest, StatisticsError, StatisticsStore, split_sentences

LATEST = "emissions_by_sector"
PREVIOUS = "emissions_by_sector_release2025"
COUNTY = "emissions_by_sector_county"
POPULATION = "population"
NATIONAL = "national_emissions"
EV = "electric_cars_new_registrations"
BICYCLE = "bicycle_network"
CHARGING = "ev_charging_2025"
CONSUMPTION = "consumption_emissions_per_capita"
PLANS = "climate_plans"

SIGTUNA = "0191"
ABROAD = "Utrikes transporter"
# Municipalities where company and leasing cars registered to the owner inflate car statistics.
OWNER_EFFECT = {"0184": "Solna", "0180": "Stockholm", "0162": "Danderyd"}
RANKING_LINES = 10  # a ranking over all 290 municipalities lists only this many in the text
# Below this share of the total, the 2023-2024 international transport allocation (e.g. 33 t in
# Nacka) does not change the picture, so the caveat would only be noise.
ABROAD_NOTABLE_SHARE = 0.01

EN_PLACES = {"Sverige": "Sweden", "Stockholms län": "Stockholm County"}
# Kinds that answer several sectors by computing each on its own (trend draws them in one chart;
# a ranking orders by one sector only).
SECTOR_BY_SECTOR = ("value", "change", "share", "comparison", "path_2045")
CARS_FUEL = "cars_by_fuel_2025"
KK = "klimatkollen_indicators"


@dataclass
class FigureResult:
    status: Status
    figures: list[Figure] = field(default_factory=list)
    markdown: str = ""
    charts: list[Chart] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    message: str = ""
    reason: str | None = None  # why refused/clarify: a `figures.request.Reason`


class _Stop(Exception):
    """Leave the computation with a refusal or a question back."""

    def __init__(self, status: Status, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class _Release:
    dataset: str  # the municipality table of this release
    manifest: Manifest
    latest: bool

    @property
    def years(self) -> tuple[int, ...]:
        return self.manifest.years


@dataclass(frozen=True)
class _Amount:
    """One computed quantity with where it came from."""

    value: float
    method_sv: str
    method_en: str
    inputs: tuple[dict[str, Any], ...]
    dataset: str


def compute(request: FigureRequest, stats: StatisticsStore) -> FigureResult:
    """Answer a figure request from the statistics store; never raises for a bad request."""
    ctx = _Context(request, stats)
    try:
        if len(request.sectors) > 1 and request.kind in SECTOR_BY_SECTOR:
            _sector_by_sector(ctx)
        else:
            _HANDLERS[request.kind](ctx)
    except _Stop as stop:
        return FigureResult(stop.status, message=stop.message, caveats=ctx.caveats)
    except StatisticsError as exc:
        return FigureResult("refused", message=exc.user_message, caveats=ctx.caveats)
    except calc.MissingDataError as exc:
        message = ctx.say(f"Statistiken saknar uppgifter för frågan ({exc.detail}).",
                          f"The statistics have no data for this question ({exc.detail}).")
        return FigureResult("refused", message=message, caveats=ctx.caveats)
    return ctx.result()


# ================================================================ context


class _Context:
    """What one computation collects: figures, text, charts, tables, sources and caveats."""

    def __init__(self, request: FigureRequest, stats: StatisticsStore):
        self.request = request
        self.stats = stats
        self.en = request.language == "en"
        self.figures: list[Figure] = []
        self.paragraphs: list[str] = []
        self.charts: list[Chart] = []
        self.tables: list[dict[str, Any]] = []
        self.caveats: list[str] = []
        self._used: list[str] = []
        self._frames: dict[str, pd.DataFrame] = {}

    # --- language and text

    def say(self, sv: str, en: str) -> str:
        return en if self.en else sv

    def fmt(self, value: float, unit: str) -> str:
        return format_value(value, unit, self.request.language)

    def fmt_fig(self, figure: Figure) -> str:
        return self.fmt(figure.value, figure.unit)

    def place_name(self, place: Place) -> str:
        return EN_PLACES.get(place.name, place.name) if self.en else place.name

    def write(self, paragraph: str) -> None:
        self.paragraphs.append(paragraph)

    def caveat(self, sv: str, en: str) -> None:
        text = self.say(sv, en)
        if text not in self.caveats:
            self.caveats.append(text)

    # --- data

    def frame(self, dataset_id: str) -> pd.DataFrame:
        if dataset_id not in self._frames:
            self._frames[dataset_id] = self.stats.frame(dataset_id)
        return self._frames[dataset_id]

    def use(self, dataset_id: str) -> Manifest:
        if dataset_id not in self._used:
            self._used.append(dataset_id)
        return self.stats.manifest(dataset_id)

    def figure(self, label: str, value: float, unit: str, place: Place, year: int | str,
               sector: str, method: str, dataset: str,
               inputs: tuple[dict[str, Any], ...] = (), caveats: tuple[str, ...] = ()) -> Figure:
        manifest = self.use(dataset)
        fig = Figure(label=label, value=float(value), unit=unit, kommun=place.name, year=year,
                     sector=sector, method=method, source=manifest.source_label(),
                     release=manifest.release, dataset=dataset, inputs=inputs, caveats=caveats)
        self.figures.append(fig)
        return fig

    def table(self, title: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.tables.append({"title": title, "rows": rows})

    # --- result

    def result(self) -> FigureResult:
        notes = [f"*{note}*" for note in self.request.notes]
        caveat_block = [f"- {c}" for c in self.caveats]
        header = self.say("**Förbehåll:**", "**Caveats:**")
        parts = notes + self.paragraphs + ([header + "\n" + "\n".join(caveat_block)]
                                           if caveat_block else [])
        return FigureResult("answered", figures=self.figures, markdown="\n\n".join(parts),
                            charts=self.charts, tables=self.tables, sources=self._sources(),
                            caveats=self.caveats)

    def _sources(self) -> list[dict[str, str]]:
        sources = []
        for dataset_id in self._used:
            m = self.stats.manifest(dataset_id)
            sources.append({"dataset": dataset_id, "title": m.title,
                            "source": m.source_url or m.source_organisation,
                            "release": m.release, "quote": split_sentences(m.description)[0]})
        return sources


def _refuse(message: str) -> _Stop:
    return _Stop("refused", message)


def _clarify(message: str) -> _Stop:
    return _Stop("clarify", message)


def _native(value: Any) -> Any:
    """numpy/pandas scalars to plain Python, so inputs serialise as JSON."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(rows: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    return tuple({k: _native(v) for k, v in row.items()} for row in rows.to_dict("records"))


# ================================================================ places, sectors, releases


def _places(ctx: _Context, minimum: int = 1) -> tuple[Place, ...]:
    places = ctx.request.places
    if len(places) < minimum:
        raise _clarify(ctx.say(
            "Vilken kommun (eller Stockholms län, eller hela Sverige) menar du?"
            if minimum == 1 else "Vilka kommuner eller län vill du jämföra?",
            "Which municipality (or Stockholm County, or all of Sweden) do you mean?"
            if minimum == 1 else "Which municipalities or counties do you want to compare?"))
    return places


def _sector(ctx: _Context) -> str | None:
    sector = ctx.request.sector
    if sector in (None, "", calc.TOTAL):
        return None
    if sector not in calc.SECTORS:
        raise _refuse(ctx.say(
            f"Sektorn ”{sector}” finns inte i SMHI:s statistik. Sektorerna är: "
            f"{', '.join(calc.SECTORS)}.",
            f"The sector “{sector}” is not in SMHI's statistics. The sectors are: "
            f"{', '.join(calc.SECTORS)}."))
    return sector


def _sector_label(sector: str | None) -> str:
    return sector or calc.TOTAL


def _releases(ctx: _Context) -> list[_Release]:
    releases = [_Release(LATEST, ctx.stats.manifest(LATEST), True)]
    if ctx.stats.has(PREVIOUS):
        releases.append(_Release(PREVIOUS, ctx.stats.manifest(PREVIOUS), False))
    return releases


def _latest_year(ctx: _Context) -> int:
    return max(_releases(ctx)[0].years)


def _release_for(ctx: _Context, years: list[int]) -> _Release:
    """The one release that has every year asked for; the latest release wins when both do."""
    releases = _releases(ctx)
    for release in releases:
        if all(y in release.years for y in years):
            if not release.latest:
                _previous_release_note(ctx, release, years)
            return release
    raise _refuse(_missing_years_message(ctx, releases, years))


def _missing_years_message(ctx: _Context, releases: list[_Release], years: list[int]) -> str:
    latest = releases[0]
    extra = sorted(set(y for r in releases[1:] for y in r.years) - set(latest.years))
    listing = _years_text(latest.years)
    listing_en = listing
    if extra:
        listing += f" ({latest.manifest.release}) samt {_years_text(tuple(extra))} " \
                   f"({releases[1].manifest.release})"
        listing_en += f" ({latest.manifest.release}) and {_years_text(tuple(extra))} " \
                      f"({releases[1].manifest.release})"
    absent = [y for y in years if not any(y in r.years for r in releases)]
    if absent:
        shown = ", ".join(str(y) for y in absent)
        return ctx.say(
            f"Utsläppsstatistiken har inga uppgifter för {shown}. Tillgängliga år: {listing}. "
            "Assistenten räknar inte fram (interpolerar) år som saknas.",
            f"The emission statistics have no data for {shown}. Available years: {listing_en}. "
            "The assistant does not interpolate missing years.")
    shown = " och ".join(str(y) for y in years)
    return ctx.say(
        f"Åren {shown} finns inte i samma publicering från SMHI, och publiceringar får inte "
        f"blandas i en beräkning eftersom SMHI reviderar hela serien varje år. Tillgängliga år: "
        f"{listing}. Välj två år från samma publicering, till exempel 2015 och "
        f"{max(latest.years)}.",
        f"The years {' and '.join(str(y) for y in years)} are not in the same SMHI release, and "
        "releases must not be mixed in one calculation because SMHI revises the whole series "
        f"every year. Available years: {listing_en}. Choose two years from the same release, "
        f"for example 2015 and {max(latest.years)}.")


def _previous_release_note(ctx: _Context, release: _Release, years: list[int]) -> None:
    shown = _years_text(tuple(sorted(set(years))))
    ctx.caveat(
        f"Uppgifterna för {shown} kommer från SMHI:s föregående publicering "
        f"({release.manifest.release}), eftersom 2016–2019 saknas i den senaste. Alla år i "
        "beräkningen är tagna ur samma publicering; värdena skiljer sig något från den senaste "
        "publiceringen.",
        f"The figures for {shown} come from SMHI's previous release "
        f"({release.manifest.release}), because 2016–2019 are missing from the latest one. All "
        "years in the calculation come from that same release; values differ slightly from the "
        "latest release.")


def _years_text(years: tuple[int, ...]) -> str:
    """`1990, 2000, 2005, 2010, 2015, 2020–2024`: consecutive runs joined with an en dash."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}\u2013{r[-1]}" if len(r) > 2 else ", ".join(map(str, r))
                     for r in runs)


def _year_or_latest(ctx: _Context) -> int:
    return ctx.request.year if ctx.request.year is not None else _latest_year(ctx)


def _period(ctx: _Context, latest: int) -> tuple[int, int]:
    """(start, end) of a change or series. "De senaste N åren" are the N years ending with the
    latest year the data has (not the calendar year: the statistics lag), and the answer says
    so; otherwise the asked years, with 1990 and the latest year as defaults."""
    request = ctx.request
    if request.last_years:
        start = latest - request.last_years + 1
        ctx.write(ctx.say(
            f"*Jag tolkar ”de senaste {request.last_years} åren” som {start}–{latest}: de "
            f"{request.last_years} åren fram till det senaste året i statistiken, {latest}.*",
            f"*I read “the last {request.last_years} years” as {start}–{latest}: the "
            f"{request.last_years} years up to the latest year in the statistics, {latest}.*"))
        return start, latest
    start = request.from_year if request.from_year is not None else calc.BASE_YEAR
    end = request.to_year if request.to_year is not None else latest
    return min(start, end), max(start, end)


def _sector_by_sector(ctx: _Context) -> None:
    """Several sectors: each computed as its own request; a value or share also for their sum,
    which stays within one release because every part comes from the same table and year."""
    request = ctx.request
    for sector in request.sectors:
        ctx.request = request.with_(sector=sector, sectors=())
        _HANDLERS[request.kind](ctx)
    ctx.request = request
    if request.kind in ("value", "share"):
        _sector_sum(ctx)


def _sector_sum(ctx: _Context) -> None:
    sectors = ctx.request.sectors
    groups: dict[tuple[str, Any], list[Figure]] = {}
    for fig in ctx.figures:
        if fig.unit == "t CO2e" and fig.sector in sectors:
            groups.setdefault((fig.kommun, fig.year), [])
            if all(f.sector != fig.sector for f in groups[(fig.kommun, fig.year)]):
                groups[(fig.kommun, fig.year)].append(fig)
    places = {p.name: p for p in ctx.request.places}
    for (name, year), parts in groups.items():
        if len(parts) < 2:
            continue
        place = places.get(name, Place("", name, "kommun"))
        total = sum(f.value for f in parts)
        joined = " + ".join(ctx.fmt_fig(f) for f in parts)
        label = " + ".join(f.sector for f in parts)
        fig = ctx.figure(ctx.say(f"Utsläpp, summan av {label}", f"Emissions, sum of {label}"),
                         total, "t CO2e", place, year, label, joined, parts[0].dataset,
                         tuple(i for f in parts for i in f.inputs))
        text = ctx.say(f"Tillsammans stod sektorerna {label} för **{ctx.fmt_fig(fig)}** i "
                       f"**{ctx.place_name(place)}** år {year} ({joined}).",
                       f"Together the sectors {label} accounted for **{ctx.fmt_fig(fig)}** in "
                       f"**{ctx.place_name(place)}** in {year} ({joined}).")
        whole = next((f for f in ctx.figures if f.kommun == name and f.year == year
                      and f.sector == calc.TOTAL and f.unit == "t CO2e"), None)
        if whole is not None:
            pct = ctx.figure(ctx.say(f"Andel av totala utsläpp, {label}",
                                     f"Share of total emissions, {label}"),
                             calc.share(total, whole.value), "%", place, year, label,
                             f"{ctx.fmt_fig(fig)} / {ctx.fmt_fig(whole)} × 100",
                             whole.dataset, fig.inputs + whole.inputs)
            text += ctx.say(f" Det är **{ctx.fmt_fig(pct)}** av de totala utsläppen.",
                            f" That is **{ctx.fmt_fig(pct)}** of total emissions.")
        ctx.write(text)


# ================================================================ emissions of a place


def _emissions(ctx: _Context, place: Place, year: int, sector: str | None,
               release: _Release) -> _Amount:
    if place.level == "kommun":
        return _kommun_emissions(ctx, place, year, sector, release)
    if release.latest:
        return _region_emissions(ctx, place, year, sector)
    return _summed_emissions(ctx, place, year, sector, release)


def _kommun_emissions(ctx: _Context, place: Place, year: int, sector: str | None,
                      release: _Release) -> _Amount:
    df = ctx.frame(release.dataset)
    rows = calc.emission_rows(df, place.code, year, sector)
    value = calc.kommun_emissions(df, place.code, year, sector)
    what = _sector_label(sector)
    return _Amount(
        value,
        f"SMHI:s värde för {place.name} ({place.code}), sektor {what}, år {year}, "
        f"publicering {release.manifest.release}",
        f"SMHI's value for {place.name} ({place.code}), sector {what}, year {year}, "
        f"release {release.manifest.release}",
        _records(rows), release.dataset)


def _region_emissions(ctx: _Context, place: Place, year: int, sector: str | None) -> _Amount:
    df = ctx.frame(COUNTY)
    level = "riket" if place.level == "riket" else "lan"
    value, summed = calc.region_emissions(df, level, place.code, year, sector)
    rows = df[(df["level"] == level) & (df["lan_code"] == place.code) & (df["year"] == year)]
    release = ctx.stats.manifest(COUNTY).release
    if summed:
        rows = rows[rows["sector"] != calc.TOTAL]
        return _Amount(
            value,
            f"summan av SMHI:s nio sektorer för {place.name} år {year} (källan har ingen totalrad "
            f"för riket), publicering {release}",
            f"sum of SMHI's nine sectors for {ctx.place_name(place)} in {year} (the source has "
            f"no total row for Sweden), release {release}",
            _records(rows), COUNTY)
    rows = rows[rows["sector"] == _sector_label(sector)]
    what = _sector_label(sector)
    return _Amount(
        value,
        f"SMHI:s värde för {place.name}, sektor {what}, år {year}, publicering {release}",
        f"SMHI's value for {ctx.place_name(place)}, sector {what}, year {year}, release {release}",
        _records(rows), COUNTY)


def _summed_emissions(ctx: _Context, place: Place, year: int, sector: str | None,
                      release: _Release) -> _Amount:
    """County or Sweden in the previous release, which only has municipalities."""
    df = ctx.frame(release.dataset)
    codes = calc.county_codes(df, place.code)
    value = calc.municipalities_sum(df, codes, year, sector)
    rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)
              & (df["sector"] == _sector_label(sector))]
    if place.level == "riket":
        ctx.caveat("Sveriges värde för 2016–2019 är summan av alla 290 kommuner i SMHI:s "
                   "föregående publicering; utsläpp som inte fördelas på någon kommun ingår inte.",
                   "Sweden's value for 2016–2019 is the sum of all 290 municipalities in SMHI's "
                   "previous release; emissions not allocated to any municipality are excluded.")
    return _Amount(
        value,
        f"summan av {len(codes)} kommuner i {place.name}, sektor {_sector_label(sector)}, år "
        f"{year}, publicering {release.manifest.release}",
        f"sum of {len(codes)} municipalities in {ctx.place_name(place)}, sector "
        f"{_sector_label(sector)}, year {year}, release {release.manifest.release}",
        _records(rows), release.dataset)


def _population(ctx: _Context, place: Place, year: int) -> _Amount:
    ctx.use(POPULATION)
    df = ctx.frame(POPULATION)
    codes = [place.code] if place.level == "kommun" else calc.county_codes(df, place.code)
    value = calc.population(df, codes, year)
    rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)]
    if len(codes) == 1:
        return _Amount(value, f"folkmängd 31 december {year} (SCB)",
                       f"population on 31 December {year} (SCB)", _records(rows), POPULATION)
    return _Amount(value, f"folkmängd 31 december {year}, summan av {len(codes)} kommuner (SCB)",
                   f"population on 31 December {year}, sum of {len(codes)} municipalities (SCB)",
                   _records(rows) if len(codes) <= 26 else (), POPULATION)


def _check_place(ctx: _Context, place: Place) -> None:
    if place.level == "kommun":
        known = ctx.frame(LATEST)["kommun_code"]
        if not (known == place.code).any():
            raise _refuse(ctx.say(f"Kommunkoden {place.code} ({place.name}) finns inte i "
                                  "statistiken.",
                                  f"The municipality code {place.code} ({place.name}) is not in "
                                  "the statistics."))


def _abroad_caveat(ctx: _Context, place: Place, years: list[int], sector: str | None,
                   release: _Release) -> None:
    """International transport was allocated to municipalities only for 2023-2024 (mostly
    Sigtuna/Arlanda), so totals that include those years are not fully comparable."""
    if not release.latest or not {2023, 2024} & set(years) or sector not in (None, ABROAD):
        return
    relevant = place.level != "kommun" or place.code == SIGTUNA or sector == ABROAD
    if not relevant:
        relevant = any(_abroad_share(ctx, place.code, y) >= ABROAD_NOTABLE_SHARE
                       for y in {2023, 2024} & set(years))
    if relevant:
        ctx.caveat(
            "Utrikes transporter är 0 för alla kommuner utom 2023 och 2024, då SMHI fördelade "
            "internationella transporter på vissa kommuner, framför allt Sigtuna (Arlanda). "
            "Totalerna 2023–2024 är därför inte helt jämförbara med tidigare år.",
            "International transport (Utrikes transporter) is 0 for every municipality except in "
            "2023 and 2024, when SMHI allocated it to some municipalities, above all Sigtuna "
            "(Arlanda). Totals for 2023–2024 are therefore not fully comparable with earlier "
            "years.")


def _abroad_share(ctx: _Context, code: str, year: int) -> float:
    df = ctx.frame(LATEST)
    total = calc.kommun_emissions(df, code, year)
    return calc.kommun_emissions(df, code, year, ABROAD) / total if total else 0.0


def _national_total_caveat(ctx: _Context, place: Place, year: int, sector: str | None) -> None:
    """Sweden's official total (Naturvårdsverket) differs from the sum of SMHI's sectors."""
    if place.level != "riket" or sector is not None or not ctx.stats.has(NATIONAL):
        return
    df = ctx.frame(NATIONAL)
    rows = df[(df["category"] == "territorialFossilEmissions") & (df["year"] == year)]
    if rows.empty:
        return
    ctx.use(NATIONAL)
    value = ctx.fmt(float(rows["value"].iloc[0]), "t CO2e")
    ctx.caveat(
        f"Naturvårdsverkets officiella total för Sverige {year} (exklusive LULUCF) är {value}; "
        "den skiljer sig från summan av SMHI:s sektorer eftersom avgränsningen är en annan.",
        f"Naturvårdsverket's official total for Sweden in {year} (excluding LULUCF) is {value}; "
        "it differs from the sum of SMHI's sectors because the scope differs.")


# ================================================================ kinds


def _value(ctx: _Context) -> None:
    places = _places(ctx)
    if len(places) > 1:
        _comparison(ctx)
        return
    place, sector, year = places[0], _sector(ctx), _year_or_latest(ctx)
    _check_place(ctx, place)
    release = _release_for(ctx, [year])
    amount = _emissions(ctx, place, year, sector, release)
    name, what = ctx.place_name(place), _what(ctx, sector)
    emissions = ctx.figure(
        ctx.say(f"Utsläpp, {what}", f"Emissions, {what}"), amount.value, "t CO2e", place, year,
        _sector_label(sector), ctx.say(amount.method_sv, amount.method_en), amount.dataset,
        amount.inputs)
    ctx.write(ctx.say(
        f"Utsläppen av växthusgaser i **{name}** ({what}) var **{ctx.fmt_fig(emissions)}** år "
        f"{year}.",
        f"Greenhouse-gas emissions in **{name}** ({what}) were **{ctx.fmt_fig(emissions)}** in "
        f"{year}."))
    if ctx.request.per_capita:
        _per_capita_figure(ctx, place, year, sector, emissions)
    _abroad_caveat(ctx, place, [year], sector, release)
    _national_total_caveat(ctx, place, year, sector)
    ctx.table(ctx.say("Underlag", "Inputs"), list(amount.inputs))


def _per_capita_figure(ctx: _Context, place: Place, year: int, sector: str | None,
                       emissions: Figure) -> Figure:
    people = _population(ctx, place, year)
    pop_fig = ctx.figure(ctx.say("Folkmängd 31 december", "Population on 31 December"),
                         people.value, "invånare", place, year, "",
                         ctx.say(people.method_sv, people.method_en), POPULATION,
                         people.inputs if len(people.inputs) == 1 else ())
    value = calc.per_capita(emissions.value, int(people.value))
    method = ctx.say(
        f"{ctx.fmt_fig(emissions)} / {ctx.fmt_fig(pop_fig)} (folkmängd 31 december {year})",
        f"{ctx.fmt_fig(emissions)} / {ctx.fmt_fig(pop_fig)} (population on 31 December {year})")
    fig = ctx.figure(ctx.say(f"Utsläpp per invånare, {_what(ctx, sector)}",
                             f"Emissions per inhabitant, {_what(ctx, sector)}"),
                     value, "t CO2e/inv", place, year, _sector_label(sector), method,
                     emissions.dataset, emissions.inputs + pop_fig.inputs)
    ctx.write(ctx.say(
        f"Per invånare blir det **{ctx.fmt_fig(fig)}** ({method}).",
        f"Per inhabitant that is **{ctx.fmt_fig(fig)}** ({method})."))
    return fig


def _what(ctx: _Context, sector: str | None) -> str:
    if sector is None:
        return ctx.say("alla sektorer", "all sectors")
    return ctx.say(f"sektorn {sector}", f"sector {sector}")


def _change(ctx: _Context) -> None:
    places, sector = _places(ctx), _sector(ctx)
    start, end = _period(ctx, _latest_year(ctx))
    if start == end:
        raise _clarify(ctx.say(f"Mellan vilka år vill du se förändringen? Du angav bara {start}.",
                               f"Between which years? You only gave {start}."))
    release = _release_for(ctx, [start, end])
    rows = []
    for place in places:
        _check_place(ctx, place)
        rows.append(_change_for(ctx, place, sector, start, end, release))
        _abroad_caveat(ctx, place, [start, end], sector, release)
    if len(places) > 1:
        ctx.charts.append(_bar(ctx, ctx.say(f"Förändring {start}–{end}", f"Change {start}–{end}"),
                               rows, "%"))
    ctx.table(ctx.say("Förändring", "Change"), [
        {"plats": r["place"], f"{start}": r["a"], f"{end}": r["b"], "förändring": r["abs"],
         "förändring_procent": r["value"]} for r in rows])


def _change_for(ctx: _Context, place: Place, sector: str | None, start: int, end: int,
                release: _Release) -> dict[str, Any]:
    name, what, span = ctx.place_name(place), _what(ctx, sector), format_year_range(start, end)
    a = _emissions(ctx, place, start, sector, release)
    b = _emissions(ctx, place, end, sector, release)
    unit, first, last = "t CO2e", a.value, b.value
    if ctx.request.per_capita:
        pa, pb = _population(ctx, place, start), _population(ctx, place, end)
        first, last, unit = a.value / pa.value, b.value / pb.value, "t CO2e/inv"
    fig_a = ctx.figure(_emission_label(ctx, sector, unit), first, unit, place, start,
                       _sector_label(sector), ctx.say(a.method_sv, a.method_en), a.dataset,
                       a.inputs)
    fig_b = ctx.figure(_emission_label(ctx, sector, unit), last, unit, place, end,
                       _sector_label(sector), ctx.say(b.method_sv, b.method_en), b.dataset,
                       b.inputs)
    diff, pct = calc.change(first, last)
    words = ctx.say(f"({ctx.fmt_fig(fig_b)} − {ctx.fmt_fig(fig_a)})",
                    f"({ctx.fmt_fig(fig_b)} - {ctx.fmt_fig(fig_a)})")
    fig_abs = ctx.figure(ctx.say("Förändring", "Change"), diff, unit, place, span,
                         _sector_label(sector), ctx.say(f"värdet {end} minus värdet {start} "
                                                        f"{words}", f"value {end} minus value "
                                                        f"{start} {words}"), a.dataset,
                         a.inputs + b.inputs)
    fig_pct = ctx.figure(
        ctx.say("Förändring i procent", "Change in percent"), pct, "%", place, span,
        _sector_label(sector),
        ctx.say(f"({ctx.fmt_fig(fig_b)} − {ctx.fmt_fig(fig_a)}) / {ctx.fmt_fig(fig_a)} × 100",
                f"({ctx.fmt_fig(fig_b)} - {ctx.fmt_fig(fig_a)}) / {ctx.fmt_fig(fig_a)} × 100"),
        a.dataset, a.inputs + b.inputs)
    direction = _direction(ctx, diff)
    per = ctx.say(" per invånare", " per inhabitant") if ctx.request.per_capita else ""
    ctx.write(ctx.say(
        f"Utsläppen{per} i **{name}** ({what}) {direction} från {ctx.fmt_fig(fig_a)} år {start} "
        f"till {ctx.fmt_fig(fig_b)} år {end}: **{format_signed(diff, unit)}** "
        f"(**{format_signed(pct, '%')}**).",
        f"Emissions{per} in **{name}** ({what}) {direction} from {ctx.fmt_fig(fig_a)} in {start} "
        f"to {ctx.fmt_fig(fig_b)} in {end}: **{format_signed(diff, unit, 'en')}** "
        f"(**{format_signed(pct, '%', 'en')}**)."))
    return {"place": place.name, "a": first, "b": last, "abs": fig_abs.value,
            "value": fig_pct.value}


def _direction(ctx: _Context, diff: float) -> str:
    if diff < 0:
        return ctx.say("minskade", "decreased")
    if diff > 0:
        return ctx.say("ökade", "increased")
    return ctx.say("var oförändrade", "were unchanged")


def _emission_label(ctx: _Context, sector: str | None, unit: str) -> str:
    if unit == "t CO2e/inv":
        return ctx.say(f"Utsläpp per invånare, {_what(ctx, sector)}",
                       f"Emissions per inhabitant, {_what(ctx, sector)}")
    return ctx.say(f"Utsläpp, {_what(ctx, sector)}", f"Emissions, {_what(ctx, sector)}")


def _place_value(ctx: _Context, place: Place, year: int, sector: str | None,
                 release: _Release) -> tuple[float, str, _Amount]:
    """Emissions or, when asked, emissions per inhabitant of one place: (value, unit, amount)."""
    amount = _emissions(ctx, place, year, sector, release)
    if not ctx.request.per_capita:
        return amount.value, "t CO2e", amount
    people = _population(ctx, place, year)
    return calc.per_capita(amount.value, int(people.value)), "t CO2e/inv", _Amount(
        amount.value / people.value,
        f"{amount.method_sv}, delat med {people.method_sv} "
        f"({ctx.fmt(amount.value, 't CO2e')} / {ctx.fmt(people.value, 'invånare')})",
        f"{amount.method_en}, divided by {people.method_en} "
        f"({format_value(amount.value, 't CO2e', 'en')} / "
        f"{format_value(people.value, 'invånare', 'en')})",
        amount.inputs + people.inputs, amount.dataset)


def _ranking(ctx: _Context) -> None:
    request = ctx.request
    if len(request.sectors) > 1:
        raise _clarify(ctx.say(
            f"Jag rangordnar efter en sektor i taget. Vilken menar du: "
            f"{' eller '.join(request.sectors)}?",
            f"I rank by one sector at a time. Which do you mean: {' or '.join(request.sectors)}?"))
    if request.indicator is not None:
        _indicator_ranking(ctx)
        return
    sector = _sector(ctx)
    if request.rank_by == "change":
        start, end = _period(ctx, _latest_year(ctx))
        if start == end:
            raise _clarify(ctx.say("Från vilket år ska förändringen räknas?",
                                   "From which year should the change be counted?"))
        release = _release_for(ctx, [start, end])
        years: list[int] = [start, end]
        year_label: int | str = format_year_range(start, end)
    else:
        year = _year_or_latest(ctx)
        release = _release_for(ctx, [year])
        years, year_label = [year], year
    if request.rank_by == "share" and sector is None:
        raise _clarify(ctx.say("Andel av vilken sektor? Till exempel: 'Vilken kommun har störst "
                               "andel utsläpp från transporter?'",
                               "The share of which sector? For example: 'Which municipality has "
                               "the largest share of emissions from transport?'"))
    units, scope = _rank_units(ctx, release)
    entries: dict[str, tuple[float, str, _Amount]] = {}
    for code, place in units.items():
        entries[code] = _rank_entry(ctx, place, years, sector, release)
    unit = next(iter(entries.values()))[1]
    measure = _rank_measure(ctx, unit)
    _emit_ranking(ctx, units, {c: (v, a) for c, (v, _, a) in entries.items()}, unit, year_label,
                  _sector_label(sector), scope, measure, _what(ctx, sector))
    if unit == "t CO2e/inv":
        ctx.caveat("Utsläpp per invånare blir höga i kommuner med stora anläggningar eller "
                   "trafikleder och få invånare; de visar var utsläppen sker, inte invånarnas "
                   "levnadsvanor.",
                   "Emissions per inhabitant are high where large plants or major roads meet "
                   "few inhabitants; they show where emissions occur, not residents' lifestyles.")
    if request.rank_by == "change" and not release.latest:
        pass  # _release_for already wrote the previous-release caveat
    if SIGTUNA in units or request.rank_level == "lan":
        place = units.get(SIGTUNA, Place(calc.STOCKHOLM_COUNTY, "Stockholms län", "lan"))
        _abroad_caveat(ctx, place, years, sector, release)


def _rank_units(ctx: _Context, release: _Release) -> tuple[dict[str, Place], str]:
    """The places to rank (code -> Place) and how the scope is named in the answer."""
    request = ctx.request
    if request.rank_level == "lan":
        df = ctx.frame(COUNTY)
        rows = df[df["level"] == "lan"][["lan_code", "lan"]].drop_duplicates()
        units = {c: Place(c, n, "lan") for c, n in sorted(zip(rows["lan_code"], rows["lan"],
                                                                  strict=True))}
        return units, ctx.say(f"Sveriges {len(units)} län", f"Sweden's {len(units)} counties")
    focus = request.focus or next((p for p in request.places if p.level == "kommun"), None)
    lan = next((p for p in request.places if p.level == "lan"), None)
    county_code = lan.code if lan else (focus.code[:2] if focus else calc.STOCKHOLM_COUNTY)
    df = ctx.frame(release.dataset)
    codes = calc.county_codes(df, calc.SWEDEN if request.scope == "riket" else county_code)
    names = dict(zip(df["kommun_code"], df["kommun"], strict=False))
    units = {code: Place(code, names[code], "kommun") for code in codes}
    return units, _scope_name(ctx, request.scope, df, county_code)


def _rank_entry(ctx: _Context, place: Place, years: list[int], sector: str | None,
                release: _Release) -> tuple[float, str, _Amount]:
    """(value, unit, amount) of one ranked place for the request's rank_by."""
    rank_by = ctx.request.rank_by
    if rank_by == "share":
        part = _emissions(ctx, place, years[0], sector, release)
        total = _emissions(ctx, place, years[0], None, release)
        value = calc.share(part.value, total.value)
        sv = (f"{ctx.fmt(part.value, 't CO2e')} / {ctx.fmt(total.value, 't CO2e')} × 100 "
              f"(sektorn {sector} av totalen, år {years[0]}, publicering "
              f"{release.manifest.release})")
        en = (f"{format_value(part.value, 't CO2e', 'en')} / "
              f"{format_value(total.value, 't CO2e', 'en')} × 100 (sector {sector} of the "
              f"total, {years[0]}, release {release.manifest.release})")
        return value, "%", _Amount(value, sv, en, part.inputs + total.inputs, part.dataset)
    if rank_by == "change":
        first, unit, a = _place_value(ctx, place, years[0], sector, release)
        last, _, b = _place_value(ctx, place, years[1], sector, release)
        _, pct = calc.change(first, last)
        fa, fb = ctx.fmt(first, unit), ctx.fmt(last, unit)
        ea, eb = format_value(first, unit, "en"), format_value(last, unit, "en")
        sv = (f"({fb} − {fa}) / {fa} × 100 ({years[0]} → {years[1]}, publicering "
              f"{release.manifest.release})")
        en = (f"({eb} - {ea}) / {ea} × 100 ({years[0]} → {years[1]}, release "
              f"{release.manifest.release})")
        return pct, "%", _Amount(pct, sv, en, a.inputs + b.inputs, a.dataset)
    return _place_value(ctx, place, years[0], sector, release)


def _rank_measure(ctx: _Context, unit: str) -> str:
    request = ctx.request
    per = ctx.say(" per invånare", " per inhabitant") if request.per_capita else ""
    if request.rank_by == "change":
        return ctx.say(f"förändring i procent av utsläppen{per}",
                       f"percentage change in emissions{per}")
    if request.rank_by == "share":
        return ctx.say("sektorns andel av utsläppen", "the sector's share of emissions")
    return ctx.say("utsläpp per invånare" if unit == "t CO2e/inv" else "utsläpp",
                   "emissions per inhabitant" if unit == "t CO2e/inv" else "emissions")


def _emit_ranking(ctx: _Context, units: dict[str, Place], entries: dict[str, tuple[float, _Amount]],
                  unit: str, year: int | str, sector_label: str, scope: str, measure: str,
                  what: str) -> None:
    """The ranked list: a figure per listed place (and the focus), text, full table and chart."""
    request = ctx.request
    focus = request.focus
    full = calc.ranking({c: v for c, (v, _) in entries.items()}, request.order, None)
    shown = full[: request.limit] if request.limit else full
    focus_row = next((r for r in full if focus and r.key == focus.code), None)
    if focus and focus_row is None:
        raise _refuse(ctx.say(f"{focus.name} ingår inte i rangordningen för {scope}.",
                              f"{focus.name} is not part of the ranking for {scope}."))
    count = len(full)
    by_code: dict[str, Figure] = {}
    rows = shown + ([focus_row] if focus_row and focus_row not in shown else [])
    for row in rows:
        amount = entries[row.key][1]
        label = ctx.say(f"Plats {row.rank} av {count}", f"Rank {row.rank} of {count}")
        by_code[row.key] = ctx.figure(label, row.value, unit, units[row.key], year, sector_label,
                                      ctx.say(amount.method_sv, amount.method_en), amount.dataset,
                                      amount.inputs)
    desc = request.order == "desc"
    how = ctx.say("högst först" if desc else "lägst först",
                  "highest first" if desc else "lowest first")
    if request.rank_by == "change" and not request.indicator:
        how = ctx.say("störst ökning först" if desc else "störst minskning först",
                      "largest increase first" if desc else "largest decrease first")
    listed = shown if request.limit or count <= 30 else shown[:RANKING_LINES]
    shown_value = (lambda f: format_signed(f.value, f.unit, request.language)) if (
        request.rank_by == "change") else ctx.fmt_fig
    lines = [f"{r.rank}. {ctx.place_name(units[r.key])} – {shown_value(by_code[r.key])}"
             for r in listed]
    more = ""
    if len(listed) < len(shown):
        more = ctx.say(f"\n\n(De första {len(listed)} av {count}; hela listan finns i tabellen.)",
                       f"\n\n(The first {len(listed)} of {count}; the full list is in the table.)")
    when = ctx.say(f"år {year}", f"in {year}") if isinstance(year, int) else str(year)
    context = f" ({what})" if what else ""
    head = ctx.say(f"{scope[0].upper() + scope[1:]} efter {measure}{context} {when}, {how}:",
                   f"{scope[0].upper() + scope[1:]} by {measure}{context} {when}, {how}:")
    ctx.write(head + "\n\n" + "\n".join(lines) + more)
    if focus_row:
        fig = by_code[focus_row.key]
        ctx.write(ctx.say(
            f"**{fig.kommun}** hamnar på **plats {focus_row.rank} av {count}** "
            f"({ctx.fmt_fig(fig)}).",
            f"**{fig.kommun}** is **number {focus_row.rank} of {count}** ({ctx.fmt_fig(fig)})."))
    name_key = "kommun" if request.rank_level == "kommun" or request.indicator else "län"
    table = [{"plats": r.rank, name_key: units[r.key].name, "kod": r.key, "värde": r.value}
             for r in full]
    ctx.table(ctx.say(f"Rangordning {year}", f"Ranking {year}"), table)
    ctx.charts.append(_bar(ctx, ctx.say(f"Rangordning {year}", f"Ranking {year}"),
                           [{"place": units[r.key].name, "value": r.value} for r in shown[:30]],
                           unit))


def _scope_name(ctx: _Context, scope: str, df: pd.DataFrame, county_code: str) -> str:
    if scope == "riket":
        return ctx.say("Sveriges 290 kommuner", "Sweden's 290 municipalities")
    lan = df.loc[df["kommun_code"].str.startswith(county_code), "lan"].iloc[0]
    lan = EN_PLACES.get(lan, lan) if ctx.en else lan
    return ctx.say(f"kommunerna i {lan}", f"the municipalities of {lan}")


def _comparison(ctx: _Context) -> None:
    places, sector = _places(ctx, minimum=1), _sector(ctx)
    if len(places) == 1:
        _value(ctx)
        return
    year = _year_or_latest(ctx)
    release = _release_for(ctx, [year])
    rows = []
    figures = []
    for place in places:
        _check_place(ctx, place)
        value, unit, amount = _place_value(ctx, place, year, sector, release)
        fig = ctx.figure(_emission_label(ctx, sector, unit), value, unit, place, year,
                         _sector_label(sector), ctx.say(amount.method_sv, amount.method_en),
                         amount.dataset, amount.inputs)
        figures.append((place, fig))
        rows.append({"place": place.name, "value": value})
        _abroad_caveat(ctx, place, [year], sector, release)
        _national_total_caveat(ctx, place, year, sector)
    lines = [f"- **{ctx.place_name(p)}**: {ctx.fmt_fig(f)}"
             for p, f in sorted(figures, key=lambda pf: -pf[1].value)]
    ctx.write(ctx.say(f"Utsläpp ({_what(ctx, sector)}) år {year}:",
                      f"Emissions ({_what(ctx, sector)}) in {year}:") + "\n\n" + "\n".join(lines))
    if len(figures) == 2:
        _difference(ctx, figures, year, sector)
    ctx.charts.append(_bar(ctx, ctx.say(f"Jämförelse {year}", f"Comparison {year}"), rows,
                           figures[0][1].unit))
    ctx.table(ctx.say(f"Jämförelse {year}", f"Comparison {year}"),
              [{"plats": r["place"], "värde": r["value"]} for r in rows])


def _difference(ctx: _Context, figures: list[tuple[Place, Figure]], year: int,
                sector: str | None) -> None:
    (pa, fa), (pb, fb) = figures
    diff = fa.value - fb.value
    method = ctx.say(f"{ctx.fmt_fig(fa)} − {ctx.fmt_fig(fb)}", f"{ctx.fmt_fig(fa)} - "
                     f"{ctx.fmt_fig(fb)}")
    fig = ctx.figure(ctx.say(f"Skillnad {pa.name} − {pb.name}", f"Difference {pa.name} - "
                             f"{pb.name}"), diff, fa.unit, pa, year, _sector_label(sector),
                     method, fa.dataset, fa.inputs + fb.inputs)
    ctx.write(ctx.say(f"Skillnaden ({ctx.place_name(pa)} minus {ctx.place_name(pb)}) är "
                      f"**{ctx.fmt_fig(fig)}**.",
                      f"The difference ({ctx.place_name(pa)} minus {ctx.place_name(pb)}) is "
                      f"**{ctx.fmt_fig(fig)}**."))


def _share(ctx: _Context) -> None:
    place, sector = _places(ctx)[0], _sector(ctx)
    _check_place(ctx, place)
    year = _year_or_latest(ctx)
    release = _release_for(ctx, [year])
    total = _emissions(ctx, place, year, None, release)
    name = ctx.place_name(place)
    total_fig = ctx.figure(ctx.say("Utsläpp, alla sektorer", "Emissions, all sectors"),
                           total.value, "t CO2e", place, year, calc.TOTAL,
                           ctx.say(total.method_sv, total.method_en), total.dataset, total.inputs)
    if sector is not None:
        part = _emissions(ctx, place, year, sector, release)
        _share_figure(ctx, place, year, sector, part, total_fig)
        fig = ctx.figures[-1]
        ctx.write(ctx.say(
            f"Sektorn {sector} stod för **{ctx.fmt_fig(fig)}** av utsläppen i **{name}** år "
            f"{year} ({ctx.fmt(part.value, 't CO2e')} av {ctx.fmt_fig(total_fig)}).",
            f"The sector {sector} accounted for **{ctx.fmt_fig(fig)}** of emissions in "
            f"**{name}** in {year} ({ctx.fmt(part.value, 't CO2e')} of "
            f"{ctx.fmt_fig(total_fig)})."))
    else:
        _sector_breakdown(ctx, place, year, release, total_fig)
    _abroad_caveat(ctx, place, [year], sector, release)


def _share_figure(ctx: _Context, place: Place, year: int, sector: str, part: _Amount,
                  total_fig: Figure) -> Figure:
    part_fig = ctx.figure(ctx.say(f"Utsläpp, sektorn {sector}", f"Emissions, sector {sector}"),
                          part.value, "t CO2e", place, year, sector,
                          ctx.say(part.method_sv, part.method_en), part.dataset, part.inputs)
    value = calc.share(part.value, total_fig.value)
    return ctx.figure(ctx.say(f"Andel av totala utsläpp, {sector}",
                              f"Share of total emissions, {sector}"),
                      value, "%", place, year, sector,
                      f"{ctx.fmt_fig(part_fig)} / {ctx.fmt_fig(total_fig)} × 100",
                      part.dataset, part.inputs + total_fig.inputs)


def _sector_breakdown(ctx: _Context, place: Place, year: int, release: _Release,
                      total_fig: Figure) -> None:
    shares = []
    for sector in calc.SECTORS:
        part = _emissions(ctx, place, year, sector, release)
        shares.append((part.value, sector, part))
    shares.sort(key=lambda t: (-t[0], t[1]))
    lines, rows = [], []
    for _, sector, part in shares:
        fig = _share_figure(ctx, place, year, sector, part, total_fig)
        lines.append(f"- {sector}: {ctx.fmt(part.value, 't CO2e')} ({ctx.fmt_fig(fig)})")
        rows.append({"sector": sector, "value": part.value, "share": fig.value})
    name = ctx.place_name(place)
    ctx.write(ctx.say(
        f"Utsläppen i **{name}** år {year} ({ctx.fmt_fig(total_fig)}) fördelade på SMHI:s "
        f"sektorer, störst först. Störst är **{shares[0][1]}**:",
        f"Emissions in **{name}** in {year} ({ctx.fmt_fig(total_fig)}) by SMHI sector, largest "
        f"first. The largest is **{shares[0][1]}**:") + "\n\n" + "\n".join(lines))
    ctx.table(ctx.say(f"Sektorer {year}", f"Sectors {year}"), rows)
    ctx.charts.append(Chart("bar", ctx.say(f"Utsläpp per sektor {year}",
                                           f"Emissions by sector {year}"),
                            "sector", "value", "t CO2e", tuple(rows)))


def _trend(ctx: _Context) -> None:
    places = _places(ctx)
    sectors = [s for s in ctx.request.sectors if s in calc.SECTORS] or [_sector(ctx)]
    start, end = _period(ctx, _latest_year(ctx))
    release = _trend_release(ctx, start, end)
    years = [y for y in release.years if start <= y <= end]
    if len(years) < 2:
        raise _refuse(_missing_years_message(ctx, _releases(ctx), [start, end])
                      if not years else ctx.say(
                          f"Mellan {start} och {end} finns bara året {years[0]} i statistiken; "
                          "en utveckling kräver minst två år.",
                          f"Between {start} and {end} the statistics only have {years[0]}; a "
                          "trend needs at least two years."))
    if not release.latest:
        _previous_release_note(ctx, release, years)
    rows = []
    for place in places:
        _check_place(ctx, place)
        for sector in sectors:
            series = _series_for(ctx, place, sector, years, release)
            if len(sectors) > 1:  # one line per place and sector
                series = [{**r, "place": f"{r['place']} – {sector}"} for r in series]
            rows += series
            _abroad_caveat(ctx, place, years, sector, release)
    unit = "t CO2e/inv" if ctx.request.per_capita else "t CO2e"
    ctx.charts.append(Chart("line", ctx.say(f"Utsläpp {years[0]}–{years[-1]}",
                                            f"Emissions {years[0]}–{years[-1]}"),
                            ctx.say("år", "year"), ctx.say("värde", "value"), unit,
                            tuple({ctx.say("år", "year"): r["year"],
                                   ctx.say("värde", "value"): r["value"],
                                   ctx.say("plats", "place"): r["place"]} for r in rows),
                            series=ctx.say("plats", "place")))
    ctx.table(ctx.say("Tidsserie", "Series"), rows)
    skipped = [y for y in range(2016, 2020) if start <= y <= end]
    if release.latest and skipped:
        ctx.write(ctx.say(
            f"Åren {_years_text(tuple(skipped))} finns bara i SMHI:s föregående publicering och "
            "visas inte här, eftersom två publiceringar aldrig blandas i samma serie.",
            f"The years {_years_text(tuple(skipped))} exist only in SMHI's previous release and "
            "are not shown, because two releases are never mixed in one series."))


def _trend_release(ctx: _Context, start: int, end: int) -> _Release:
    """The latest release, unless the whole range lies within the previous release and that one
    has more years in it (e.g. 2015–2019)."""
    releases = _releases(ctx)
    latest = releases[0]
    if len(releases) > 1 and end <= max(releases[1].years):
        prev = releases[1]
        count = [sum(start <= y <= end for y in r.years) for r in (latest, prev)]
        if count[1] > count[0]:
            return prev
    return latest


def _series_for(ctx: _Context, place: Place, sector: str | None, years: list[int],
                release: _Release) -> list[dict[str, Any]]:
    rows, figures = [], []
    for year in years:
        value, unit, amount = _place_value(ctx, place, year, sector, release)
        fig = ctx.figure(_emission_label(ctx, sector, unit), value, unit, place, year,
                         _sector_label(sector), ctx.say(amount.method_sv, amount.method_en),
                         amount.dataset, amount.inputs)
        figures.append(fig)
        rows.append({"place": place.name, "year": year, "value": value})
    first, last = figures[0], figures[-1]
    diff, pct = calc.change(first.value, last.value)
    span = format_year_range(first.year, last.year)  # type: ignore[arg-type]
    pct_fig = ctx.figure(ctx.say("Förändring i procent", "Change in percent"), pct, "%", place,
                         span, _sector_label(sector),
                         f"({ctx.fmt_fig(last)} − {ctx.fmt_fig(first)}) / {ctx.fmt_fig(first)}"
                         " × 100", first.dataset, first.inputs + last.inputs)
    table = "\n".join(f"| {f.year} | {ctx.fmt_fig(f)} |" for f in figures)
    head = ctx.say("| år | utsläpp |\n|---|---|", "| year | emissions |\n|---|---|")
    name = ctx.place_name(place)
    ctx.write(ctx.say(
        f"Utsläppen i **{name}** ({_what(ctx, sector)}) {span}, publicering "
        f"{release.manifest.release}. Förändring {span}: **{format_signed(pct_fig.value, '%')}** "
        f"({_direction(ctx, diff)}).",
        f"Emissions in **{name}** ({_what(ctx, sector)}) {span}, release "
        f"{release.manifest.release}. Change {span}: "
        f"**{format_signed(pct_fig.value, '%', 'en')}** ({_direction(ctx, diff)}).")
        + "\n\n" + head + "\n" + table)
    return rows


def _path_2045(ctx: _Context) -> None:
    places, sector = _places(ctx), _sector(ctx)
    releases = _releases(ctx)
    release = releases[0]
    latest = max(release.years)
    if ctx.request.year is not None and ctx.request.year != latest:
        ctx.write(ctx.say(f"Beräkningen utgår alltid från det senaste året i statistiken, "
                          f"{latest}.", f"The calculation always starts from the latest year in "
                          f"the statistics, {latest}."))
    for place in places:
        _check_place(ctx, place)
        _path_for(ctx, place, sector, latest, release)
        _abroad_caveat(ctx, place, [latest], sector, release)
    ctx.caveat(
        "Sveriges mål är att de territoriella utsläppen 2045 ska vara minst 85 % lägre än 1990 "
        "(klimatpolitiska ramverket). Målet gäller hela landet; att tillämpa det på en kommun "
        "eller ett län är en räknekonvention, inte ett lokalt beslutat mål.",
        "Sweden's target is territorial emissions at least 85% below 1990 by 2045 (the climate "
        "policy framework). It is a national target; applying it to a municipality or county is "
        "a calculation convention, not a locally adopted goal.")


def _path_for(ctx: _Context, place: Place, sector: str | None, latest: int,
              release: _Release) -> None:
    now = _emissions(ctx, place, latest, sector, release)
    base = _emissions(ctx, place, calc.BASE_YEAR, sector, release)
    path = calc.path_to_2045(now.value, latest, base.value)
    span = format_year_range(latest, calc.TARGET_YEAR)
    s = _sector_label(sector)
    f_now = ctx.figure(_emission_label(ctx, sector, "t CO2e"), now.value, "t CO2e", place,
                       latest, s, ctx.say(now.method_sv, now.method_en), now.dataset, now.inputs)
    f_base = ctx.figure(_emission_label(ctx, sector, "t CO2e"), base.value, "t CO2e", place,
                        calc.BASE_YEAR, s, ctx.say(base.method_sv, base.method_en), base.dataset,
                        base.inputs)
    f_target = ctx.figure(ctx.say("Målnivå 2045 (15 % av 1990)", "Target level 2045 (15% of "
                                  "1990)"), path.target_value, "t CO2e", place,
                          calc.TARGET_YEAR, s, f"0,15 × {ctx.fmt_fig(f_base)}"
                          if not ctx.en else f"0.15 × {ctx.fmt_fig(f_base)}", base.dataset,
                          base.inputs)
    f_pct = ctx.figure(
        ctx.say("Minskning per år, konstant takt", "Yearly reduction, constant rate"),
        path.yearly_pct, "%", place, span, s,
        ctx.say(f"1 − ({ctx.fmt_fig(f_target)} / {ctx.fmt_fig(f_now)})^(1/{path.years_left}), "
                "i procent",
                f"1 - ({ctx.fmt_fig(f_target)} / {ctx.fmt_fig(f_now)})^(1/{path.years_left}), "
                "in percent"), now.dataset, now.inputs + base.inputs)
    f_line = ctx.figure(
        ctx.say("Minskning per år, rak linje till noll", "Yearly reduction, straight line to "
                "zero"), path.yearly_tonnes, "t CO2e/år", place, span, s,
        f"{ctx.fmt_fig(f_now)} / {path.years_left}", now.dataset, now.inputs)
    name = ctx.place_name(place)
    if path.already_below:
        first = ctx.say(
            f"Utsläppen i **{name}** {latest} ({ctx.fmt_fig(f_now)}) ligger redan under "
            f"målnivån för 2045, 15 % av 1990 års utsläpp ({ctx.fmt_fig(f_target)}); ingen "
            "ytterligare minskning behövs för att nå den nivån.",
            f"Emissions in **{name}** in {latest} ({ctx.fmt_fig(f_now)}) are already below the "
            f"2045 target level, 15% of 1990 ({ctx.fmt_fig(f_target)}); no further cut is needed "
            "to reach that level.")
    else:
        first = ctx.say(
            f"För att **{name}** ska nå 15 % av 1990 års utsläpp ({ctx.fmt_fig(f_target)}) år "
            f"2045 behöver utsläppen, från {ctx.fmt_fig(f_now)} år {latest}, minska med i "
            f"genomsnitt **{ctx.fmt_fig(f_pct)} per år** i konstant takt ({path.years_left} år).",
            f"For **{name}** to reach 15% of its 1990 emissions ({ctx.fmt_fig(f_target)}) by 2045, "
            f"emissions must fall from {ctx.fmt_fig(f_now)} in {latest} by on average "
            f"**{ctx.fmt_fig(f_pct)} per year** at a constant rate ({path.years_left} years).")
    second = ctx.say(
        f"Räknat som en rak linje till noll år 2045 blir det **{ctx.fmt_fig(f_line)}** varje år.",
        f"As a straight line to zero by 2045 that is **{ctx.fmt_fig(f_line)}** every year.")
    convention = ctx.say(
        "Konvention: (a) konstant årlig procentuell minskning från senaste året till 15 % av "
        "1990 års nivå 2045; (b) lika stor minskning i ton varje år till noll 2045. Båda räknas "
        f"på samma publicering ({release.manifest.release}).",
        "Convention: (a) a constant yearly percentage cut from the latest year to 15% of the 1990 "
        "level in 2045; (b) the same cut in tonnes every year to zero in 2045. Both use the same "
        f"release ({release.manifest.release}).")
    ctx.write(f"{first} {second}\n\n{convention}")
    if ctx.request.per_capita:
        _path_per_capita(ctx, place, sector, path, f_now, f_target, f_line)
    ctx.table(ctx.say("Underlag", "Inputs"), list(now.inputs + base.inputs))


def _path_per_capita(ctx: _Context, place: Place, sector: str | None, path: calc.Path2045,
                     f_now: Figure, f_target: Figure, f_line: Figure) -> None:
    """The same path per inhabitant. The data has no population forecast, so the convention is
    the population of the latest year held constant to 2045; then the yearly percentage cut is
    the same as for the total, and the tonnes are divided by that population."""
    latest, s = path.latest_year, _sector_label(sector)
    people = _population(ctx, place, latest)
    pop = ctx.figure(ctx.say("Folkmängd 31 december", "Population on 31 December"),
                     people.value, "invånare", place, latest, "",
                     ctx.say(people.method_sv, people.method_en), POPULATION,
                     people.inputs if len(people.inputs) == 1 else ())
    span = format_year_range(latest, calc.TARGET_YEAR)
    per = calc.path_per_capita(path, int(people.value))
    now = ctx.figure(ctx.say("Utsläpp per invånare", "Emissions per inhabitant"),
                     per.latest_per_capita, "t CO2e/inv", place, latest, s,
                     f"{ctx.fmt_fig(f_now)} / {ctx.fmt_fig(pop)}", f_now.dataset, f_now.inputs)
    target = ctx.figure(ctx.say("Målnivå 2045 per invånare (dagens folkmängd)",
                                "Target level 2045 per inhabitant (today's population)"),
                        per.target_per_capita, "t CO2e/inv", place, calc.TARGET_YEAR, s,
                        f"{ctx.fmt_fig(f_target)} / {ctx.fmt_fig(pop)}", f_target.dataset,
                        f_target.inputs)
    line = ctx.figure(ctx.say("Minskning per invånare och år, rak linje till noll",
                              "Yearly reduction per inhabitant, straight line to zero"),
                      per.yearly_per_capita, "t CO2e/inv/år", place, span, s,
                      f"{ctx.fmt_fig(f_line)} / {ctx.fmt_fig(pop)}", f_line.dataset,
                      f_line.inputs)
    ctx.write(ctx.say(
        f"Per invånare: från **{ctx.fmt_fig(now)}** år {latest} till högst "
        f"**{ctx.fmt_fig(target)}** år 2045, eller **{ctx.fmt_fig(line)}** mindre varje år "
        f"med en rak linje till noll. Konvention: folkmängden år {latest} "
        f"({ctx.fmt_fig(pop)}) hålls oförändrad till 2045, eftersom statistiken inte har någon "
        "befolkningsprognos; den årliga procentuella minskningen blir då densamma som för "
        "totalen.",
        f"Per inhabitant: from **{ctx.fmt_fig(now)}** in {latest} to at most "
        f"**{ctx.fmt_fig(target)}** in 2045, or **{ctx.fmt_fig(line)}** less every year on a "
        f"straight line to zero. Convention: the population of {latest} ({ctx.fmt_fig(pop)}) is "
        "held constant to 2045, because the statistics have no population forecast; the yearly "
        "percentage cut is then the same as for the total."))


# ================================================================ indicators


def _indicator(ctx: _Context) -> None:
    handlers: dict[str, Callable[[_Context, Place], None]] = {
        "ev_share": _ev_share, "bicycle": _bicycle, "charging": _charging,
        "consumption": _consumption, "climate_plan": _climate_plan, "national": _national,
        "cars_by_fuel": _cars_by_fuel, "kk": _kk,
    }
    indicator = ctx.request.indicator
    if _wants_series(ctx) and indicator in ("ev_share", "bicycle"):
        handlers = {**handlers, "ev_share": _ev_share_series, "bicycle": _bicycle_series}
    elif _wants_series(ctx) and indicator not in ("national",):
        raise _refuse(ctx.say("Det nyckeltalet finns bara för ett år, så någon utveckling över "
                              "tid kan jag inte visa.", "That indicator exists for one year "
                              "only, so I cannot show a trend over time."))
    if not ctx.request.places and indicator == "national":
        ctx.request = ctx.request.with_(places=(Place(calc.SWEDEN, "Sverige", "riket"),))
    if indicator not in handlers:
        raise _clarify(ctx.say(
            "Vilket nyckeltal menar du: laddbara bilars andel av nya bilar, cykelnät, "
            "laddpunkter, konsumtionsbaserade utsläpp eller klimatplan?",
            "Which indicator do you mean: share of rechargeable new cars, cycle network, "
            "charging points, consumption-based emissions or climate plan?"))
    places = _places(ctx)
    for place in places:
        handlers[indicator](ctx, place)
    comparable = [f for f in ctx.figures if f.unit not in ("bilar", "år", "laddpunkter", "m")]
    if len(places) > 1 and comparable and not _wants_series(ctx):
        unit = comparable[0].unit
        ctx.charts.append(_bar(ctx, comparable[0].label,
                               [{"place": f.kommun, "value": f.value}
                                for f in comparable if f.unit == unit], unit))


def _codes(ctx: _Context, df: pd.DataFrame, place: Place) -> list[str]:
    if place.level == "kommun":
        if not (df["kommun_code"] == place.code).any():
            raise _refuse(ctx.say(f"{place.name} ({place.code}) finns inte i statistiken.",
                                  f"{place.name} ({place.code}) is not in the statistics."))
        return [place.code]
    return calc.county_codes(df, place.code)


def _indicator_year(ctx: _Context, df: pd.DataFrame, what_sv: str, what_en: str) -> int:
    years = sorted(int(y) for y in df["year"].unique())
    year = ctx.request.year if ctx.request.year is not None else years[-1]
    if year not in years:
        raise _refuse(ctx.say(
            f"{what_sv} finns för åren {_years_text(tuple(years))}, inte för {year}.",
            f"{what_en} is available for {_years_text(tuple(years))}, not for {year}."))
    return year


def _car_caveat(ctx: _Context) -> None:
    ctx.caveat("Bilar registreras i ägarens kommun. Leasing- och företagsbilar gör att vissa "
               "kommuner, till exempel Solna, Stockholm och Danderyd, får mycket höga värden.",
               "Cars are registered in the owner's municipality. Leasing and company cars make "
               "some municipalities look very high, for example Solna, Stockholm and Danderyd.")


def _derived_method(ctx: _Context, place: Place, codes: list[str]) -> str:
    if len(codes) == 1:
        return ""
    return ctx.say(f", summerat över {len(codes)} kommuner i {place.name}",
                   f", summed over {len(codes)} municipalities in {ctx.place_name(place)}")


def _ev_share(ctx: _Context, place: Place) -> None:
    df = ctx.frame(EV)
    year = _indicator_year(ctx, df, "Nyregistreringar", "New registrations")
    codes = _codes(ctx, df, place)
    ev = calc.ev_share(df, codes, year)
    rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)]
    inputs = _records(rows) if len(codes) <= 26 else ()
    extra = _derived_method(ctx, place, codes)
    n_fig = ctx.figure(ctx.say("Nyregistrerade laddbara bilar", "New rechargeable cars"),
                       ev.rechargeable, "bilar", place, year, "",
                       ctx.say("elbilar + laddhybrider", "electric + plug-in hybrid") + extra,
                       EV, inputs)
    t_fig = ctx.figure(ctx.say("Nyregistrerade personbilar totalt", "New cars in total"),
                       ev.total, "bilar", place, year, "",
                       ctx.say("alla nyregistrerade personbilar", "all new cars") + extra,
                       EV, inputs)
    fig = ctx.figure(ctx.say("Laddbara bilars andel av nya personbilar",
                             "Share of rechargeable new cars"), ev.share_pct, "%", place, year,
                     "", f"{ctx.fmt_fig(n_fig)} / {ctx.fmt_fig(t_fig)} × 100", EV, inputs)
    ctx.write(ctx.say(
        f"Av de nyregistrerade personbilarna i **{ctx.place_name(place)}** år {year} var "
        f"**{ctx.fmt_fig(fig)}** laddbara (el eller laddhybrid): {ctx.fmt_fig(n_fig)} av "
        f"{ctx.fmt_fig(t_fig)}.",
        f"Of the new cars registered in **{ctx.place_name(place)}** in {year}, "
        f"**{ctx.fmt_fig(fig)}** were rechargeable (electric or plug-in hybrid): "
        f"{ctx.fmt_fig(n_fig)} of {ctx.fmt_fig(t_fig)}."))
    _car_caveat(ctx)


def _bicycle(ctx: _Context, place: Place) -> None:
    df = ctx.frame(BICYCLE)
    year = _indicator_year(ctx, df, "Cykelnätet", "The cycle network")
    codes = _codes(ctx, df, place)
    bike = calc.bicycle(df, codes, year)
    rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)]
    inputs = _records(rows) if len(codes) <= 26 else ()
    extra = _derived_method(ctx, place, codes)
    m_fig = ctx.figure(ctx.say("Cykelnät totalt", "Cycle network in total"), bike.metres, "m",
                       place, year, "", ctx.say("enskilt + kommunalt + statligt cykelnät",
                                                "private + municipal + state network") + extra,
                       BICYCLE, inputs)
    fig = ctx.figure(ctx.say("Cykelnät per invånare", "Cycle network per inhabitant"),
                     bike.metres_per_inhabitant, "m/inv", place, year, "",
                     f"{ctx.fmt_fig(m_fig)} / {ctx.fmt(bike.population, 'invånare')} "
                     + ctx.say(f"(folkmängd 31 december {year})",
                               f"(population on 31 December {year})"), BICYCLE, inputs)
    ctx.write(ctx.say(
        f"**{ctx.place_name(place)}** hade **{ctx.fmt_fig(fig)}** cykelnät år {year} "
        f"({ctx.fmt_fig(m_fig)} totalt).",
        f"**{ctx.place_name(place)}** had **{ctx.fmt_fig(fig)}** of cycle network in {year} "
        f"({ctx.fmt_fig(m_fig)} in total)."))


def _charging(ctx: _Context, place: Place) -> None:
    df = ctx.frame(CHARGING)
    period = str(df["period"].iloc[0])
    year = int(period[:4])
    if ctx.request.year is not None and ctx.request.year != year:
        raise _refuse(ctx.say(f"Laddpunkterna finns bara för {period} (Power Circle), inte för "
                              f"{ctx.request.year}.",
                              f"Charging points are only available for {period} (Power "
                              f"Circle), not for {ctx.request.year}."))
    codes = _codes(ctx, df, place)
    population = None
    if len(codes) > 1:
        population = int(_population(ctx, place, year).value)
    result = calc.charging(df, codes, population)
    rows = df[df["kommun_code"].isin(codes)]
    inputs = _records(rows) if len(codes) <= 26 else ()
    n_fig = ctx.figure(ctx.say("Publika laddpunkter", "Public charging points"), result.points,
                       "laddpunkter", place, year, "",
                       ctx.say(f"Power Circle ELIS, {period}", f"Power Circle ELIS, {period}")
                       + _derived_method(ctx, place, codes), CHARGING, inputs)
    if result.derived:
        method = ctx.say(f"{ctx.fmt_fig(n_fig)} / {ctx.fmt(population, 'invånare')} × 100 "
                         f"(folkmängd 31 december {year}, SCB)",
                         f"{ctx.fmt_fig(n_fig)} / {ctx.fmt(population, 'invånare')} × 100 "
                         f"(population on 31 December {year}, SCB)")
    else:
        method = ctx.say("Power Circles eget värde för laddpunkter per 100 invånare",
                         "Power Circle's own value for charging points per 100 inhabitants")
    fig = ctx.figure(ctx.say("Laddpunkter per 100 invånare", "Charging points per 100 "
                             "inhabitants"), result.per_100_inhabitants, "laddpunkter/100 inv",
                     place, year, "", method, CHARGING, inputs)
    ctx.write(ctx.say(
        f"**{ctx.place_name(place)}** hade {ctx.fmt_fig(n_fig)} i december {year}, "
        f"**{ctx.fmt_fig(fig)}**.",
        f"**{ctx.place_name(place)}** had {ctx.fmt_fig(n_fig)} in December {year}, "
        f"**{ctx.fmt_fig(fig)}**."))
    ctx.caveat("Laddpunkterna kommer från Power Circles databas ELIS, som inte är officiell "
               "statistik.", "Charging points come from Power Circle's ELIS database, which is "
               "not official statistics.")


def _consumption(ctx: _Context, place: Place) -> None:
    df = ctx.frame(CONSUMPTION)
    value, year = calc.consumption(df, place.level, place.code)
    if ctx.request.year is not None and ctx.request.year != year:
        raise _refuse(ctx.say(f"Konsumtionsbaserade utsläpp finns bara för {year}, inte för "
                              f"{ctx.request.year}.", "Consumption-based emissions are only "
                              f"available for {year}, not for {ctx.request.year}."))
    rows = df[(df["level"] == place.level) & (df["code"] == place.code)]
    fig = ctx.figure(ctx.say("Konsumtionsbaserade utsläpp per invånare",
                             "Consumption-based emissions per inhabitant"), value, "t CO2e/inv",
                     place, year, "", ctx.say("SEI:s modellerade värde (Konsumtionskompassen)",
                                              "SEI's modelled value (Konsumtionskompassen)"),
                     CONSUMPTION, _records(rows))
    ctx.write(ctx.say(
        f"De konsumtionsbaserade utsläppen i **{ctx.place_name(place)}** var **"
        f"{ctx.fmt_fig(fig)}** år {year}, enligt SEI:s modell.",
        f"Consumption-based emissions in **{ctx.place_name(place)}** were "
        f"**{ctx.fmt_fig(fig)}** in {year}, according to SEI's model."))
    ctx.caveat("Konsumtionsbaserade utsläpp är modellerade uppskattningar, inte mätningar, och "
               "omfattar utsläpp i andra länder; de kan inte jämföras direkt med de territoriella "
               "utsläppen.", "Consumption-based emissions are modelled estimates, not "
               "measurements, and include emissions abroad; they cannot be compared directly "
               "with territorial emissions.")


def _climate_plan(ctx: _Context, place: Place) -> None:
    df = ctx.frame(PLANS)
    codes = _codes(ctx, df, place)
    ctx.use(PLANS)
    if len(codes) > 1:
        with_plan, count = calc.plans_count(df, codes)
        fig = ctx.figure(ctx.say("Kommuner med klimatplan", "Municipalities with a climate plan"),
                         with_plan, "kommuner", place, ctx.stats.manifest(PLANS).release_year,
                         "",
                         ctx.say(f"antal av {count} kommuner med länk till en plan i "
                                 "Klimatkollens lista",
                                 f"number of {count} municipalities with a link to a plan in "
                                 "Klimatkollen's list"), PLANS)
        ctx.write(ctx.say(f"**{ctx.fmt_fig(fig)}** av {count} kommuner i "
                          f"{ctx.place_name(place)} har en klimatplan i Klimatkollens lista.",
                          f"**{ctx.fmt_fig(fig)}** of {count} municipalities in "
                          f"{ctx.place_name(place)} have a climate plan in Klimatkollen's list."))
        plans = [calc.climate_plan(df, c) for c in codes]
        names = dict(zip(df["kommun_code"], df["kommun"], strict=False))
        missing = [names[p.code] for p in plans if not p.exists]
        if missing and len(codes) <= 26:
            ctx.write(ctx.say(f"Utan plan i listan: {', '.join(missing)}.",
                              f"Without a plan in the list: {', '.join(missing)}."))
        ctx.table(ctx.say("Klimatplaner", "Climate plans"),
                  [{"kommun": names[p.code], "plan": p.name, "antagen": p.year, "länk": p.link}
                   for p in plans])
    else:
        _one_plan(ctx, place, calc.climate_plan(df, place.code), df)
    ctx.caveat("Listan över klimatplaner är crowdsourcad av Klimatkollen och räknar bara planer "
               "som gäller 2023 eller senare; länkar kan sluta fungera.",
               "The list of climate plans is crowdsourced by Klimatkollen and only counts plans "
               "valid in 2023 or later; links can go dead.")


def _one_plan(ctx: _Context, place: Place, plan: calc.ClimatePlan, df: pd.DataFrame) -> None:
    inputs = _records(df[df["kommun_code"] == place.code])
    name = ctx.place_name(place)
    if not plan.exists:
        ctx.write(ctx.say(f"Klimatkollens lista har ingen klimatplan för **{name}** "
                          f"({plan.name or 'Plan saknas.'}).",
                          f"Klimatkollen's list has no climate plan for **{name}** "
                          f"(“{plan.name or 'Plan saknas.'}”)."))
        ctx.table(ctx.say("Underlag", "Inputs"), list(inputs))
        return
    if plan.year is not None:
        fig = ctx.figure(ctx.say("Klimatplanen antogs", "Climate plan adopted"), plan.year, "år",
                         place, plan.year, "",
                         ctx.say(f"antagandeår för ”{plan.name}” i Klimatkollens lista",
                                 f"year of adoption of “{plan.name}” in Klimatkollen's list"),
                         PLANS, inputs)
        adopted = ctx.say(f", antagen **{ctx.fmt_fig(fig)}**", f", adopted in "
                          f"**{ctx.fmt_fig(fig)}**")
    else:
        adopted = ctx.say(" (antagandeår saknas i listan)", " (year of adoption not listed)")
    ctx.write(ctx.say(f"**{name}** har klimatplanen **{plan.name}**{adopted}. Länk: {plan.link}",
                      f"**{name}** has the climate plan **{plan.name}**{adopted}. Link: "
                      f"{plan.link}"))


# ---------------------------------------------------------------- more indicators

# Klimatkollen's KPIs the engine states: column -> (label sv, label en, unit, year of the figure).
# Years are those the KPI itself covers (from the column definition); the zero date is a date
# stated in the text, its figure is the year.
KK_COLUMNS: dict[str, tuple[str, str, str, int | str]] = {
    "kk_emission_change_pct_per_year_2015_2024": (
        "Genomsnittlig årlig förändring av utsläppen (Klimatkollen, CAGR)",
        "Average yearly change in emissions (Klimatkollen, CAGR)", "%", "2015–2024"),
    "kk_emission_trend_slope_t_per_year": (
        "Utsläppstrendens lutning (Klimatkollen, LAD-trend från 2015)",
        "Slope of the emission trend (Klimatkollen, LAD trend from 2015)", "t CO2e/år",
        "2015–2024"),
    "kk_trend_hits_zero_date": (
        "År då utsläppstrenden når noll (Klimatkollen)",
        "Year the emission trend reaches zero (Klimatkollen)", "år", ""),
    "kk_trend_emissions_sum_2026_2050_t": (
        "Utsläpp 2026–2050 om trenden håller i sig (Klimatkollen)",
        "Emissions 2026–2050 if the trend continues (Klimatkollen)", "t CO2e", "2026–2050"),
    "kk_ev_per_charge_point_2025": (
        "Laddbara bilar per laddpunkt (Klimatkollen)",
        "Rechargeable cars per charging point (Klimatkollen)", "bilar per laddpunkt", 2025),
    "kk_procurement_score_0_2": (
        "Klimatkrav i offentlig upphandling, poäng 0–2 (Klimatkollen)",
        "Climate requirements in public procurement, score 0–2 (Klimatkollen)", "poäng (0–2)",
        2022),
}
FUELS_EN = {"Bensin": "petrol", "Diesel": "diesel", "El": "electric",
            "Elhybrider (exkl. mildhybrider)": "hybrid", "Laddhybrider": "plug-in hybrid",
            "Etanol": "ethanol", "Gas": "gas", "Övriga": "other"}
IN_USE = "personbilar_i_trafik"
NATIONAL_EN = {
    "territorialFossilEmissions": "Territorial emissions, official total excluding LULUCF",
    "biogenicEmissions": "Biogenic emissions (CO2 from burning biomass)",
    "consumptionAbroadEmissions": "Consumption-based emissions that occur abroad",
    "exportOfOilProductsEmissions": "Emissions from exported oil products",
    "eCommerceEmissions": "E-commerce (emissions from e-commerce imports)",
    "lulucf": "Net emissions/removals from land use and forestry (LULUCF); negative = net "
              "removal",
}


def _national(ctx: _Context, place: Place) -> None:
    """Sweden's broader categories (LULUCF, biogenic, consumption abroad, ...): one year, or a
    series when a period is asked."""
    if place.level != "riket":
        raise _refuse(ctx.say(
            "Den uppgiften finns bara för hela Sverige (Naturvårdsverket), inte per kommun eller "
            "län.", "That figure exists only for Sweden as a whole (Naturvårdsverket), not per "
            "municipality or county."))
    df = ctx.frame(NATIONAL)
    category = ctx.request.category or "territorialFossilEmissions"
    rows = df[df["category"] == category].sort_values("year")
    if rows.empty:
        raise _refuse(ctx.say(f"Kategorin {category} finns inte i den nationella statistiken.",
                              f"The category {category} is not in the national statistics."))
    label, unit = str(rows["description"].iloc[0]), str(rows["unit"].iloc[0])
    if ctx.en:  # the data describes its categories in Swedish only
        label = NATIONAL_EN.get(category, category)
    years = [int(y) for y in rows["year"]]
    latest = years[-1]
    request = ctx.request
    if request.from_year is not None or request.to_year is not None or request.last_years:
        start, end = _period(ctx, latest)
        chosen = [y for y in years if start <= y <= end]
        if len(chosen) < 2:
            raise _refuse(ctx.say(f"{label} finns för {_years_text(tuple(years))}.",
                                  f"{label} is available for {_years_text(tuple(years))}."))
    else:
        year = request.year if request.year is not None else latest
        if year not in years:
            raise _refuse(ctx.say(f"{label} finns för {_years_text(tuple(years))}, inte {year}.",
                                  f"{label} is available for {_years_text(tuple(years))}, not "
                                  f"{year}."))
        chosen = [year]
    figures = []
    for year in chosen:
        row = rows[rows["year"] == year]
        figures.append(ctx.figure(label, float(row["value"].iloc[0]), unit, place, year, "",
                                  ctx.say(f"Naturvårdsverkets värde för Sverige, kategori "
                                          f"{category}, år {year}",
                                          f"Naturvårdsverket's value for Sweden, category "
                                          f"{category}, {year}"), NATIONAL, _records(row)))
    if len(figures) == 1:
        ctx.write(ctx.say(f"{label}, Sverige år {chosen[0]}: **{ctx.fmt_fig(figures[0])}**.",
                          f"{label} (Sweden, {chosen[0]}): **{ctx.fmt_fig(figures[0])}**."))
    else:
        _indicator_series_text(ctx, place, label, figures, unit)
    if category == "lulucf":
        ctx.caveat("LULUCF (markanvändning och skogsbruk) är negativt när marken tar upp mer "
                   "koldioxid än den släpper ut (en nettosänka). Det ingår inte i de territoriella "
                   "utsläppen och finns inte per kommun eller län.",
                   "LULUCF (land use and forestry) is negative when the land takes up more carbon "
                   "dioxide than it emits (a net sink). It is not part of territorial emissions "
                   "and is not available per municipality or county.")
    if category in ("consumptionAbroadEmissions", "eCommerceEmissions", "biogenicEmissions",
                    "exportOfOilProductsEmissions"):
        ctx.caveat("Kategorin ligger utanför Sveriges territoriella utsläpp och räknas inte in i "
                   "klimatmålet för 2045; den sammanställdes av Klimatkollen ur Naturvårdsverkets, "
                   "SCB:s och SEI:s uppgifter.",
                   "This category lies outside Sweden's territorial emissions and does not count "
                   "towards the 2045 target; Klimatkollen compiled it from Naturvårdsverket, SCB "
                   "and SEI data.")


def _indicator_series_text(ctx: _Context, place: Place, label: str, figures: list[Figure],
                           unit: str) -> None:
    """A table and a line chart of an indicator over years, and the change first to last."""
    first, last = figures[0], figures[-1]
    span = format_year_range(int(first.year), int(last.year))
    if unit == "%":
        diff = ctx.figure(ctx.say(f"Förändring {span}", f"Change {span}"),
                          last.value - first.value, "procentenheter", place, span, "",
                          f"{ctx.fmt_fig(last)} − {ctx.fmt_fig(first)}", first.dataset,
                          first.inputs + last.inputs)
    else:
        diff = ctx.figure(ctx.say(f"Förändring {span}", f"Change {span}"),
                          last.value - first.value, unit, place, span, "",
                          f"{ctx.fmt_fig(last)} − {ctx.fmt_fig(first)}", first.dataset,
                          first.inputs + last.inputs)
    head = ctx.say("| år | värde |\n|---|---|", "| year | value |\n|---|---|")
    table = "\n".join(f"| {f.year} | {ctx.fmt_fig(f)} |" for f in figures)
    ctx.write(ctx.say(
        f"{label}, **{ctx.place_name(place)}** {span}: från {ctx.fmt_fig(first)} till "
        f"{ctx.fmt_fig(last)} (**{format_signed(diff.value, diff.unit)}**).",
        f"{label}, **{ctx.place_name(place)}** {span}: from {ctx.fmt_fig(first)} to "
        f"{ctx.fmt_fig(last)} (**{format_signed(diff.value, diff.unit, 'en')}**).")
        + "\n\n" + head + "\n" + table)
    x, y, s = ctx.say("år", "year"), ctx.say("värde", "value"), ctx.say("plats", "place")
    ctx.charts.append(Chart("line", f"{label} {span}", x, y, unit,
                            tuple({x: f.year, y: f.value, s: f.kommun} for f in figures),
                            series=s))
    ctx.table(ctx.say("Tidsserie", "Series"),
              [{"place": f.kommun, "year": f.year, "value": f.value} for f in figures])


def _wants_series(ctx: _Context) -> bool:
    r = ctx.request
    return r.from_year is not None or r.to_year is not None or bool(r.last_years)


def _series_years(ctx: _Context, df: pd.DataFrame, what_sv: str, what_en: str) -> list[int]:
    years = sorted(int(y) for y in df["year"].unique())
    start, end = _period(ctx, years[-1])
    chosen = [y for y in years if start <= y <= end]
    if len(chosen) < 2:
        raise _refuse(ctx.say(f"{what_sv} finns för åren {_years_text(tuple(years))}; en "
                              "utveckling kräver minst två av dem.",
                              f"{what_en} is available for {_years_text(tuple(years))}; a trend "
                              "needs at least two of them."))
    return chosen


def _ev_share_series(ctx: _Context, place: Place) -> None:
    df = ctx.frame(EV)
    codes = _codes(ctx, df, place)
    figures = []
    label = ctx.say("Laddbara bilars andel av nya personbilar", "Share of rechargeable new cars")
    for year in _series_years(ctx, df, "Nyregistreringar", "New registrations"):
        ev = calc.ev_share(df, codes, year)
        rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)]
        figures.append(ctx.figure(
            label, ev.share_pct, "%", place, year, "",
            f"{ctx.fmt(ev.rechargeable, 'bilar')} / {ctx.fmt(ev.total, 'bilar')} × 100"
            + _derived_method(ctx, place, codes), EV, _records(rows) if len(codes) <= 26 else ()))
    _indicator_series_text(ctx, place, label, figures, "%")
    _car_caveat(ctx)


def _bicycle_series(ctx: _Context, place: Place) -> None:
    df = ctx.frame(BICYCLE)
    codes = _codes(ctx, df, place)
    figures = []
    label = ctx.say("Cykelnät per invånare", "Cycle network per inhabitant")
    for year in _series_years(ctx, df, "Cykelnätet", "The cycle network"):
        bike = calc.bicycle(df, codes, year)
        rows = df[df["kommun_code"].isin(codes) & (df["year"] == year)]
        figures.append(ctx.figure(
            label, bike.metres_per_inhabitant, "m/inv", place, year, "",
            f"{ctx.fmt(bike.metres, 'm')} / {ctx.fmt(bike.population, 'invånare')}"
            + _derived_method(ctx, place, codes), BICYCLE,
            _records(rows) if len(codes) <= 26 else ()))
    _indicator_series_text(ctx, place, label, figures, "m/inv")


def _cars_by_fuel(ctx: _Context, place: Place) -> None:
    """Cars in use at the end of 2025 with a fuel, and their share of all cars in use."""
    df = ctx.frame(CARS_FUEL)
    year = _indicator_year(ctx, df, "Bilbeståndet per drivmedel", "Cars by fuel")
    fuel = ctx.request.category or "El"
    codes = _codes(ctx, df, place)
    cars = df[df["kommun_code"].isin(codes) & (df["measure"] == IN_USE) & (df["year"] == year)]
    count, total = calc.cars_by_fuel(cars, fuel)
    rows = cars[cars["fuel"].isin([fuel, calc.TOTAL])]
    inputs = _records(rows) if len(codes) <= 26 else ()
    extra = _derived_method(ctx, place, codes)
    fuel_name = FUELS_EN.get(fuel, fuel) if ctx.en else fuel.lower()
    n_fig = ctx.figure(ctx.say(f"Personbilar i trafik, drivmedel {fuel}",
                               f"Cars in use, fuel {fuel_name}"), count, "bilar", place, year, "",
                       ctx.say(f"Trafikanalys, personbilar i trafik vid årets slut, {fuel}",
                               f"Trafikanalys, cars in use at year end, {fuel}") + extra,
                       CARS_FUEL, inputs)
    t_fig = ctx.figure(ctx.say("Personbilar i trafik, totalt", "Cars in use, total"), total,
                       "bilar", place, year, "", ctx.say("Trafikanalys, alla drivmedel",
                                                         "Trafikanalys, all fuels") + extra,
                       CARS_FUEL, inputs)
    fig = ctx.figure(ctx.say(f"Andel av bilbeståndet, {fuel}", f"Share of cars in use, "
                             f"{fuel_name}"), calc.share(count, total), "%", place, year, "",
                     f"{ctx.fmt_fig(n_fig)} / {ctx.fmt_fig(t_fig)} × 100", CARS_FUEL, inputs)
    ctx.write(ctx.say(
        f"I **{ctx.place_name(place)}** fanns vid slutet av {year} **{ctx.fmt_fig(n_fig)}** "
        f"i trafik med drivmedlet {fuel}, **{ctx.fmt_fig(fig)}** av alla "
        f"{ctx.fmt_fig(t_fig)}.",
        f"At the end of {year} **{ctx.place_name(place)}** had **{ctx.fmt_fig(n_fig)}** "
        f"{fuel_name} cars in use, **{ctx.fmt_fig(fig)}** of all {ctx.fmt_fig(t_fig)}."))
    _car_caveat(ctx)


def _kk(ctx: _Context, place: Place) -> None:
    """One of Klimatkollen's own KPIs, stated as Klimatkollen computed it."""
    column = ctx.request.category or ""
    if column not in KK_COLUMNS:
        raise _clarify(ctx.say(
            "Vilket av Klimatkollens nyckeltal menar du: utsläppens årliga förändring, "
            "trendens lutning, året då trenden når noll, utsläppen 2026–2050 enligt trenden, "
            "laddbara bilar per laddpunkt eller klimatkrav i upphandling?",
            "Which of Klimatkollen's indicators do you mean: the yearly change in emissions, the "
            "trend's slope, the year the trend reaches zero, emissions 2026–2050 on the trend, "
            "rechargeable cars per charging point or climate requirements in procurement?"))
    if place.level != "kommun":
        raise _refuse(ctx.say("Klimatkollens nyckeltal finns bara per kommun.",
                              "Klimatkollen's indicators exist per municipality only."))
    df = ctx.frame(KK)
    rows = df[df["kommun_code"] == place.code]
    if rows.empty:
        raise _refuse(ctx.say(f"{place.name} saknas i Klimatkollens nyckeltal.",
                              f"{place.name} is missing from Klimatkollen's indicators."))
    label_sv, label_en, unit, year = KK_COLUMNS[column]
    raw = rows[column].iloc[0]
    name = ctx.place_name(place)
    inputs = tuple({k: v for k, v in r.items() if k in ("kommun_code", "kommun", column)}
                   for r in _records(rows))
    method = ctx.say(f"Klimatkollens värde i kolumnen {column}",
                     f"Klimatkollen's value in the column {column}")
    if column == "kk_trend_hits_zero_date":
        if raw is None or pd.isna(raw) or not str(raw).strip():
            ctx.use(KK)
            ctx.write(ctx.say(f"Enligt Klimatkollens trend når utsläppen i **{name}** aldrig noll.",
                              f"On Klimatkollen's trend, emissions in **{name}** never reach "
                              "zero."))
            return
        date = str(raw)
        fig = ctx.figure(ctx.say(label_sv, label_en), int(date[:4]), "år", place, int(date[:4]),
                         "", method + f" ({date})", KK, inputs)
        ctx.write(ctx.say(
            f"Enligt Klimatkollens trendlinje (LAD, data från 2015) når utsläppen i **{name}** "
            f"noll **{ctx.fmt_fig(fig)}** (datum {date}).",
            f"On Klimatkollen's trend line (LAD, data from 2015) emissions in **{name}** reach "
            f"zero in **{ctx.fmt_fig(fig)}** (date {date})."))
    else:
        if raw is None or pd.isna(raw):
            raise _refuse(ctx.say(f"Klimatkollen har inget värde för {name}.",
                                  f"Klimatkollen has no value for {name}."))
        fig = ctx.figure(ctx.say(label_sv, label_en), float(raw), unit, place, year, "", method,
                         KK, inputs)
        ctx.write(ctx.say(f"{label_sv}, **{name}**: **{ctx.fmt_fig(fig)}**.",
                          f"{label_en}, **{name}**: **{ctx.fmt_fig(fig)}**."))
    ctx.caveat("Klimatkollens nyckeltal är Klimatkollens egna beräkningar, inte officiell "
               "statistik.", "Klimatkollen's indicators are Klimatkollen's own calculations, not "
               "official statistics.")


# ---------------------------------------------------------------- indicator rankings


def _indicator_ranking(ctx: _Context) -> None:
    """Municipalities ordered by an indicator, within the county or Sweden."""
    request, indicator = ctx.request, ctx.request.indicator
    if request.rank_level == "lan" or indicator in ("national", "climate_plan"):
        raise _refuse(ctx.say(
            "Nyckeltalen rangordnar jag bara mellan kommuner (i länet eller i Sverige); "
            "klimatplaner och Sveriges nationella kategorier går inte att rangordna.",
            "I rank indicators only between municipalities (in the county or in Sweden); "
            "climate plans and Sweden's national categories cannot be ranked."))
    dataset = {"ev_share": EV, "bicycle": BICYCLE, "charging": CHARGING,
               "consumption": CONSUMPTION, "cars_by_fuel": CARS_FUEL, "kk": KK}[indicator]
    df = ctx.frame(dataset)
    if indicator == "consumption":
        df = df[df["level"] == "kommun"].rename(columns={"code": "kommun_code", "name": "kommun"})
    focus = request.focus
    lan = next((p for p in request.places if p.level == "lan"), None)
    county = lan.code if lan else (focus.code[:2] if focus else calc.STOCKHOLM_COUNTY)
    codes = calc.county_codes(df, calc.SWEDEN if request.scope == "riket" else county)
    names = dict(zip(df["kommun_code"], df["kommun"], strict=False))
    units = {c: Place(c, names[c], "kommun") for c in codes}
    entries, unit, year, measure = _indicator_entries(ctx, indicator, df, codes)
    if not entries:
        raise _refuse(ctx.say("Inga kommuner har ett värde för det nyckeltalet.",
                              "No municipality has a value for that indicator."))
    units = {c: units[c] for c in entries}
    scope = _scope_name(ctx, request.scope, ctx.frame(LATEST), county)
    _emit_ranking(ctx, units, entries, unit, year, "", scope, measure, "")
    if indicator in ("ev_share", "cars_by_fuel"):
        _car_caveat(ctx)
    if indicator == "charging":
        ctx.caveat("Laddpunkterna kommer från Power Circles databas ELIS, som inte är officiell "
                   "statistik.", "Charging points come from Power Circle's ELIS database, which "
                   "is not official statistics.")


def _indicator_entries(ctx: _Context, indicator: str, df: pd.DataFrame, codes: list[str]
                       ) -> tuple[dict[str, tuple[float, _Amount]], str, int | str, str]:
    """(code -> (value, amount), unit, year, measure in words) for an indicator ranking."""
    request, entries = ctx.request, {}
    row_of = {c: df[df["kommun_code"] == c] for c in codes}
    if indicator == "ev_share":
        year = _indicator_year(ctx, df, "Nyregistreringar", "New registrations")
        for c in codes:
            ev = calc.ev_share(df, [c], year)
            m = f"{ctx.fmt(ev.rechargeable, 'bilar')} / {ctx.fmt(ev.total, 'bilar')} × 100"
            entries[c] = (ev.share_pct, _Amount(ev.share_pct, m, m,
                                                _records(row_of[c][row_of[c]["year"] == year]),
                                                EV))
        return entries, "%", year, ctx.say("laddbara bilars andel av nya personbilar",
                                           "share of rechargeable new cars")
    if indicator == "bicycle":
        year = _indicator_year(ctx, df, "Cykelnätet", "The cycle network")
        for c in codes:
            b = calc.bicycle(df, [c], year)
            m = f"{ctx.fmt(b.metres, 'm')} / {ctx.fmt(b.population, 'invånare')}"
            entries[c] = (b.metres_per_inhabitant, _Amount(
                b.metres_per_inhabitant, m, m, _records(row_of[c][row_of[c]["year"] == year]),
                BICYCLE))
        return entries, "m/inv", year, ctx.say("cykelnät per invånare",
                                               "cycle network per inhabitant")
    if indicator == "charging":
        year = int(str(df["period"].iloc[0])[:4])
        for c in codes:
            ch = calc.charging(df, [c])
            value = ch.per_100_inhabitants if request.per_capita else float(ch.points)
            sv = ("Power Circles värde för laddpunkter per 100 invånare" if request.per_capita
                  else "antal publika laddpunkter, Power Circle ELIS")
            en = ("Power Circle's value for charging points per 100 inhabitants"
                  if request.per_capita else "number of public charging points, Power Circle")
            entries[c] = (value, _Amount(value, sv, en, _records(row_of[c]), CHARGING))
        unit = "laddpunkter/100 inv" if request.per_capita else "laddpunkter"
        return entries, unit, year, ctx.say(
            "laddpunkter per 100 invånare" if request.per_capita else "antal publika laddpunkter",
            "charging points per 100 inhabitants" if request.per_capita
            else "number of public charging points")
    if indicator == "consumption":
        year = int(df["year"].iloc[0])
        col = "consumption_emissions_t_co2e_per_capita"
        for c in codes:
            value = float(row_of[c][col].iloc[0])
            entries[c] = (value, _Amount(value, "SEI:s modellerade värde",
                                         "SEI's modelled value", _records(row_of[c]),
                                         CONSUMPTION))
        ctx.caveat("Konsumtionsbaserade utsläpp är modellerade uppskattningar, inte mätningar.",
                   "Consumption-based emissions are modelled estimates, not measurements.")
        return entries, "t CO2e/inv", year, ctx.say("konsumtionsbaserade utsläpp per invånare",
                                                    "consumption-based emissions per inhabitant")
    if indicator == "cars_by_fuel":
        fuel = request.category or "El"
        year = _indicator_year(ctx, df, "Bilbeståndet per drivmedel", "Cars by fuel")
        cars = df[(df["measure"] == IN_USE) & (df["year"] == year)]
        for c in codes:
            count, total = calc.cars_by_fuel(cars[cars["kommun_code"] == c], fuel)
            inputs = _records(cars[(cars["kommun_code"] == c)
                                   & cars["fuel"].isin([fuel, calc.TOTAL])])
            if request.rank_by == "share":
                value = calc.share(count, total)
                m = f"{ctx.fmt(count, 'bilar')} / {ctx.fmt(total, 'bilar')} × 100"
            else:
                value, m = float(count), ctx.say(f"personbilar i trafik, {fuel}",
                                                 f"cars in use, {fuel}")
            entries[c] = (value, _Amount(value, m, m, inputs, CARS_FUEL))
        share = request.rank_by == "share"
        return entries, "%" if share else "bilar", year, ctx.say(
            f"{'andel' if share else 'antal'} personbilar i trafik med drivmedlet {fuel}",
            f"{'share' if share else 'number'} of {FUELS_EN.get(fuel, fuel)} cars in use")
    column = request.category or ""
    if column not in KK_COLUMNS or column == "kk_trend_hits_zero_date":
        raise _refuse(ctx.say("Det nyckeltalet kan jag inte rangordna.",
                              "I cannot rank by that indicator."))
    label_sv, label_en, unit, year = KK_COLUMNS[column]
    for c in codes:
        raw = row_of[c][column].iloc[0]
        if raw is None or pd.isna(raw):
            continue
        m = ctx.say(f"Klimatkollens värde i kolumnen {column}",
                    f"Klimatkollen's value in the column {column}")
        entries[c] = (float(raw), _Amount(float(raw), m, m, (), KK))
    return entries, unit, year, ctx.say(label_sv[0].lower() + label_sv[1:], label_en.lower())


# ================================================================ charts


def _bar(ctx: _Context, title: str, rows: list[dict[str, Any]], unit: str) -> Chart:
    x, y = ctx.say("plats", "place"), ctx.say("värde", "value")
    data = tuple({x: r.get("place"), y: r.get("value")} for r in rows)
    return Chart("bar", title, x, y, unit, data)


_HANDLERS: dict[str, Callable[[_Context], None]] = {
    "value": _value,
    "change": _change,
    "ranking": _ranking,
    "share": _share,
    "trend": _trend,
    "comparison": _comparison,
    "path_2045": _path_2045,
    "indicator": _indicator,
}
