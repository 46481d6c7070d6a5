"""The targets a path can be computed to, each as stated in the knowledge base.

A target is a remaining share of a base year's emissions in a target year. Applying a national
target to a municipality or a county is a calculation convention, not a locally adopted goal,
and every answer says so. Targets the data cannot follow (the ESR milestones for 2030 and 2040,
which cover only emissions outside the EU ETS, a split the statistics do not have; RUFS 2050's
per-inhabitant goals, whose sources disagree) are not here: the reader declines them with the
reason "target", so the documents answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.figures.compute import BASE_YEAR, REMAINING_SHARE_AT_TARGET, TARGET_YEAR


@dataclass(frozen=True)
class Target:
    key: str
    name_sv: str
    name_en: str
    sector: str | None  # None = all sectors
    base_year: int
    target_year: int
    remaining_share: float  # 0.15 = at least 85 % below the base year
    source_doc: str  # the knowledge base document that states it (doc id)
    stated_sv: str  # the target as the document states it
    # The tonnes convention: a straight line "to zero" (the 2045 net-zero reading) or "to the
    # target level".
    line_to: str


SWEDEN_2045 = Target(
    key="sweden_2045", name_sv="Sveriges mål för 2045", name_en="Sweden's 2045 target",
    sector=None, base_year=BASE_YEAR, target_year=TARGET_YEAR,
    remaining_share=REMAINING_SHARE_AT_TARGET, source_doc="sveriges-klimatmal",
    stated_sv="Till 2045 ska utsläppen från svenskt territorium vara minst 85 procent lägre än "
              "1990.", line_to="zero")

TRANSPORT_2030 = Target(
    key="transport_2030", name_sv="transportmålet för 2030",
    name_en="the 2030 transport target", sector="Transporter", base_year=2010,
    target_year=2030, remaining_share=0.30, source_doc="sveriges-klimatmal",
    stated_sv="Utsläppen från inrikes transporter ska minska med minst 70 procent till 2030 "
              "jämfört med 2010. Inrikesflyget ingår inte i målet.", line_to="target")

TARGETS: dict[str, Target] = {t.key: t for t in (SWEDEN_2045, TRANSPORT_2030)}
