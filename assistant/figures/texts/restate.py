"""The pieces of the one-line reading ("Tolkning: ..."), composed by `figures/restate.py`."""

from __future__ import annotations

RESTATE: dict[str, tuple[str, str]] = {
    "reading_prefix": ("Tolkning: ", "Reading: "),
    "r_latest_year": ("det senaste året i statistiken", "the latest year in the statistics"),
    "in_year": ("{year}", "in {year}"),
    "between": ("mellan {start} och {end}", "between {start} and {end}"),
    "span": ("{start}–{end}", "{start}–{end}"),
    "from_year": ("från {start} till det senaste året", "from {start} to the latest year"),
    "last_years": ("de senaste {n} åren", "the last {n} years"),
    "all_years": ("alla år i statistiken", "every year in the statistics"),
    "all_sectors": ("alla sektorer", "all sectors"),
    "r_one_sector": ("sektorn {sector}", "sector {sector}"),
    "several_sectors": ("sektorerna {sectors}, var för sig och tillsammans",
                        "the sectors {sectors}, each and together"),
    "emissions": ("utsläpp av växthusgaser", "greenhouse-gas emissions"),
    "emissions_def": ("utsläppen", "emissions"),
    "per_capita": ("{what} per invånare", "{what} per inhabitant"),
    # statistics over one place
    "r_value": ("{measure} i {place} {when}, {sectors}.",
                "{measure} in {place} {when}, {sectors}."),
    "r_indicator": ("{measure}, {place}, {when}.", "{measure}, {place}, {when}."),
    "r_plan": ("klimatplanen för {place} i Klimatkollens lista.",
               "the climate plan of {place} in Klimatkollen's list."),
    "r_plans": ("hur många kommuner i {place} som har en klimatplan i Klimatkollens lista, och "
                "vilka som saknar en.",
                "how many municipalities in {place} have a climate plan in Klimatkollen's list, "
                "and which have none."),
    "r_comparison": ("{measure} i {places} {when}, {sectors}, sida vid sida{difference}.",
                     "{measure} in {places} {when}, {sectors}, side by side{difference}."),
    "r_difference": (" och skillnaden", " and the difference"),
    "r_change": ("förändringen av {measure} i {place} {period}, i ton och procent, {sectors}.",
                 "the change in {measure} in {place} {period}, in tonnes and percent, "
                 "{sectors}."),
    "r_change_pp": ("förändringen av {measure}, {place}, {period}.",
                    "the change in {measure}, {place}, {period}."),
    "r_cagr": ("den genomsnittliga årliga förändringen (CAGR) av {measure} i {place} {period}, "
               "{sectors}.",
               "the average annual rate of change (CAGR) of {measure} in {place} {period}, "
               "{sectors}."),
    "r_mean_change": ("medelvärdet av de årliga förändringarna av {measure} i {place} "
                      "{period}, {sectors}.",
                      "the mean of the yearly changes in {measure} in {place} {period}, "
                      "{sectors}."),
    "r_mean": ("medelvärdet per år av {measure} i {place} {period}, {sectors}.",
               "the yearly mean of {measure} in {place} {period}, {sectors}."),
    "r_sum": ("summan av {measure} i {place} {period}, {sectors}.",
              "the sum of {measure} in {place} {period}, {sectors}."),
    "r_share": ("hur stor andel av utsläppen i {place} {when} som kommer från sektorn {sector}.",
                "the share of emissions in {place} {when} that comes from sector {sector}."),
    "r_shares": ("hur stor andel av utsläppen i {place} {when} som kommer från sektorerna "
                 "{sectors}, var för sig och tillsammans.",
                 "the share of emissions in {place} {when} that comes from the sectors "
                 "{sectors}, each and together."),
    "r_breakdown": ("utsläppen i {place} {when} fördelade på SMHI:s sektorer, störst först.",
                    "emissions in {place} {when} by SMHI sector, largest first."),
    "r_share_of": ("hur stor andel av {whole} utsläpp {when} som kommer från {place}, "
                   "{sectors}.",
                   "the share of {whole} emissions {when} that comes from {place}, "
                   "{sectors}."),
    "r_series": ("{measure} i {places} år för år {period}, {sectors}, som diagram och tabell.",
                 "{measure} in {places} year by year {period}, {sectors}, as a chart and "
                 "table."),
    "r_indicator_series": ("{measure}, {places}, år för år {period}, som diagram och tabell.",
                           "{measure}, {places}, year by year {period}, as a chart and table."),
    "r_path": ("den årliga minskning som behövs för att {measure} i {places} ska nå {target} "
               "({rule}), räknat från det senaste året{per_capita}.",
               "the yearly cut needed for {measure} in {places} to reach {target} ({rule}), "
               "counted from the latest year{per_capita}."),
    "r_path_per_capita": (", också per invånare", ", also per inhabitant"),
    # rankings and filters
    "u_kommuner_lan": ("kommunerna i {county}", "the municipalities of {county}"),
    "u_kommuner_riket": ("Sveriges kommuner", "Sweden's municipalities"),
    "u_lan": ("Sveriges län", "Sweden's counties"),
    "u_sektorer": ("sektorerna i {place}", "the sectors in {place}"),
    "u_years": ("åren i {place}", "the years in {place}"),
    "r_ranking": ("{units} rangordnade efter {by} {when}, {order}{limit}{sectors}{focus}.",
                  "{units} ranked by {by} {when}, {order}{limit}{sectors}{focus}."),
    "r_limit": (", de {n} första", ", the first {n}"),
    "r_limit_one": (", den första", ", the first one"),
    "r_focus": (", och var {place} hamnar", ", and where {place} ranks"),
    "r_order_desc": ("högst först", "highest first"),
    "r_order_asc": ("lägst först", "lowest first"),
    "r_order_increase": ("störst ökning först", "largest increase first"),
    "r_order_decrease": ("störst minskning först", "largest decrease first"),
    "by_value": ("{measure}", "{measure}"),
    "by_change": ("förändringen i procent av {measure}", "the percentage change in {measure}"),
    "by_change_t": ("förändringen i ton av {measure}", "the change in tonnes of {measure}"),
    "by_cagr": ("den genomsnittliga årliga förändringen (CAGR) av {measure}",
                "the average annual rate of change (CAGR) of {measure}"),
    "by_mean_change": ("medelvärdet av de årliga förändringarna av {measure}",
                       "the mean of the yearly changes in {measure}"),
    "by_mean": ("medelvärdet per år av {measure}", "the yearly mean of {measure}"),
    "by_sum": ("summan av {measure}", "the sum of {measure}"),
    "by_share": ("sektorns andel av utsläppen", "the sector's share of emissions"),
    "by_share_of": ("andelen av {whole} utsläpp", "the share of {whole} emissions"),
    "r_filter_list": ("{units} där {test}, {sectors}.", "{units} where {test}, {sectors}."),
    "r_filter_count": ("hur många av {units} där {test}, {sectors}, med var och en namngiven.",
                       "how many of {units} where {test}, {sectors}, each of them named."),
    "r_filter_one": ("om {test} för {units}, {sectors}.", "whether {test} for {units}, {sectors}."),
    "t_above": ("{by} är högre än {limit}", "{by} is higher than {limit}"),
    "t_below": ("{by} är lägre än {limit}", "{by} is lower than {limit}"),
    "t_above_pl": ("{by} är högre än {limit}", "{by} are higher than {limit}"),
    "t_below_pl": ("{by} är lägre än {limit}", "{by} are lower than {limit}"),
    "t_decrease": ("{by} minskade mer än {limit}", "{by} fell by more than {limit}"),
    "t_increased": ("{by} ökade", "{by} increased"),
    "t_decreased": ("{by} minskade", "{by} decreased"),
    "t_increase_more": ("{by} ökade mer än {limit}", "{by} rose by more than {limit}"),
    "ref_county": ("länets eget värde (hela länet)", "the county's own value (the whole county)"),
    "ref_sweden": ("Sveriges eget värde (hela riket)", "Sweden's own value (the whole country)"),
    "ref_county_mean": ("genomsnittet för länets kommuner", "the average of the county's "
                        "municipalities"),
    "ref_sweden_mean": ("genomsnittet för Sveriges kommuner", "the average of Sweden's "
                        "municipalities"),
    "the_change": ("förändringen av {measure} {period}", "the change in {measure} {period}"),
    "the_cagr": ("den årliga takten (CAGR) för {measure} {period}",
                 "the annual rate (CAGR) of {measure} {period}"),
    "the_value": ("{measure} {when}", "{measure} {when}"),
    "the_mean": ("medelvärdet av {measure} {period}", "the mean of {measure} {period}"),
    "the_share": ("andelen från sektorn {sector} {when}", "the share from sector {sector} "
                  "{when}"),
    "the_emissions_change": ("utsläppen {period}", "emissions {period}"),
}
