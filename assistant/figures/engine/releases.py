"""SMHI's releases and the years of a question: one release per calculation, never mixed.

SMHI revises the whole series every year, so values for one year differ between releases. The
latest release lacks 2016–2019, which only the previous release has. Every calculation takes all
its years from one release (the latest when it has them all), says so when it is the previous
one, and refuses a year no release has: nothing is interpolated.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.figures.compute import BASE_YEAR, release_with
from assistant.figures.engine.context import Context, refuse
from assistant.figures.indicators import EMISSIONS, PREVIOUS
from assistant.figures.texts import joined
from assistant.stores.statistics import Manifest


@dataclass(frozen=True)
class Release:
    dataset: str  # the municipality table of this release
    manifest: Manifest
    latest: bool

    @property
    def years(self) -> tuple[int, ...]:
        return self.manifest.years


def releases(ctx: Context) -> list[Release]:
    found = [Release(EMISSIONS, ctx.data.manifest(EMISSIONS), True)]
    if ctx.data.has(PREVIOUS):
        found.append(Release(PREVIOUS, ctx.data.manifest(PREVIOUS), False))
    return found


def latest_year(ctx: Context) -> int:
    return max(releases(ctx)[0].years)


def release_for(ctx: Context, years: list[int]) -> Release:
    """The one release that has every year asked for; the latest release wins when both do."""
    found = releases(ctx)
    release = _chosen(ctx, found, years)
    if release is None:
        raise refuse(missing_years_message(ctx, found, years), "missing_year")
    return release


def release_with_every_year(ctx: Context, start: int, end: int, what: str) -> Release:
    """For a mean, a sum or yearly changes: a release with every calendar year start..end."""
    wanted = list(range(start, end + 1))
    found = releases(ctx)
    release = _chosen(ctx, found, wanted)
    if release is not None:
        return release
    have = set().union(*(r.years for r in found))
    missing = years_text(tuple(y for y in wanted if y not in have)) or years_text(
        tuple(y for y in wanted if y not in found[0].years))
    raise refuse(ctx.t("every_year_needed", what=what, start=start, end=end, missing=missing,
                       listing=_listing(ctx, found)), "missing_year")


def _chosen(ctx: Context, found: list[Release], years: list[int]) -> Release | None:
    """The one release rule (`compute.release_with`); a previous release says so."""
    release = release_with(((r, r.years) for r in found), years)
    if release is not None and not release.latest:
        previous_release_note(ctx, release, years)
    return release


def _listing(ctx: Context, found: list[Release]) -> str:
    latest = found[0]
    extra = sorted(set(y for r in found[1:] for y in r.years) - set(latest.years))
    listing = years_text(latest.years)
    if extra:
        listing = ctx.t("listing_two", latest=listing, latest_release=latest.manifest.release,
                        extra=years_text(tuple(extra)),
                        previous_release=found[1].manifest.release)
    return listing


def missing_years_message(ctx: Context, found: list[Release], years: list[int]) -> str:
    listing = _listing(ctx, found)
    absent = [y for y in years if not any(y in r.years for r in found)]
    if absent:
        return ctx.t("missing_years", shown=", ".join(str(y) for y in absent), listing=listing)
    latest = max(found[0].years)
    return ctx.t("releases_mixed", shown=joined([str(y) for y in years], ctx.lang),
                 listing=listing, latest=latest)


def previous_release_note(ctx: Context, release: Release, years: list[int]) -> None:
    ctx.caveat("previous_release", years=years_text(tuple(sorted(set(years)))),
               release=release.manifest.release)


def years_text(years: tuple[int, ...]) -> str:
    """`1990, 2000, 2005, 2010, 2015, 2020–2024`: consecutive runs joined with an en dash."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}\u2013{r[-1]}" if len(r) > 2 else ", ".join(map(str, r))
                     for r in runs)


def period(ctx: Context, latest: int, note: bool = True) -> tuple[int, int]:
    """(start, end) of a change or series. "De senaste N åren" are the N years ending with the
    latest year the data has (not the calendar year: the statistics lag), and the answer says
    so; otherwise the asked years, with 1990 and the latest year as defaults."""
    p = ctx.query.period
    if p.last_years:
        start = latest - p.last_years + 1
        if note:
            ctx.write(ctx.t("last_years_note", n=p.last_years, start=start, latest=latest))
        return start, latest
    start = p.from_year if p.from_year is not None else BASE_YEAR
    end = p.to_year if p.to_year is not None else latest
    return min(start, end), max(start, end)


def trend_release(ctx: Context, start: int, end: int) -> Release:
    """The latest release, unless the whole range lies within the previous release and that one
    has more years in it (e.g. 2015–2019)."""
    found = releases(ctx)
    latest = found[0]
    if len(found) > 1 and end <= max(found[1].years):
        prev = found[1]
        count = [sum(start <= y <= end for y in r.years) for r in (latest, prev)]
        if count[1] > count[0]:
            return prev
    return latest
