"""The engine's phrases: the answers, Swedish and English, by key. Numbers arrive formatted
(assistant/text.py); units and place names are values, never written here."""

from __future__ import annotations

ENGINE: dict[str, tuple[str, str]] = {
    "caveats_header": (
        "**Förbehåll:**",
        "**Caveats:**"),
    "every_year_needed": (
        "{what} för {start}–{end} kräver ett värde för varje år, men ingen publicering från "
        "SMHI har alla de åren (saknas: {missing}), och publiceringar blandas aldrig. "
        "Tillgängliga år: {listing}. Assistenten räknar inte fram (interpolerar) år som saknas.",
        "{what} for {start}–{end} needs a value for every year, but no SMHI release has all of "
        "them (missing: {missing}), and releases are never mixed. Available years: {listing}. "
        "The assistant does not interpolate missing years."),
    "listing_two": (
        "{latest} ({latest_release}) samt {extra} ({previous_release})",
        "{latest} ({latest_release}) and {extra} ({previous_release})"),
    "missing_years": (
        "Utsläppsstatistiken har inga uppgifter för {shown}. Tillgängliga år: {listing}. "
        "Assistenten räknar inte fram (interpolerar) år som saknas.",
        "The emission statistics have no data for {shown}. Available years: {listing}. The "
        "assistant does not interpolate missing years."),
    "releases_mixed": (
        "Åren {shown} finns inte i samma publicering från SMHI, och publiceringar får inte "
        "blandas i en beräkning eftersom SMHI reviderar hela serien varje år. Tillgängliga år: "
        "{listing}. Välj två år från samma publicering, till exempel 2015 och {latest}.",
        "The years {shown} are not in the same SMHI release, and releases must not be mixed in "
        "one calculation because SMHI revises the whole series every year. Available years: "
        "{listing}. Choose two years from the same release, for example 2015 and {latest}."),
    "previous_release": (
        "Uppgifterna för {years} kommer från SMHI:s föregående publicering ({release}), "
        "eftersom 2016–2019 saknas i den senaste. Alla år i beräkningen är tagna ur samma "
        "publicering; värdena skiljer sig något från den senaste publiceringen.",
        "The figures for {years} come from SMHI's previous release ({release}), because "
        "2016–2019 are missing from the latest one. All years in the calculation come from that "
        "same release; values differ slightly from the latest release."),
    "last_years_note": (
        "*Jag tolkar ”de senaste {n} åren” som {start}–{latest}: de {n} åren fram till det "
        "senaste året i statistiken, {latest}.*",
        "*I read “the last {n} years” as {start}–{latest}: the {n} years up to the latest year "
        "in the statistics, {latest}.*"),
    "m_kommun": (
        "SMHI:s värde för {name} ({code}), sektor {sector}, år {year}, publicering {release}",
        "SMHI's value for {name} ({code}), sector {sector}, year {year}, release {release}"),
    "m_region_summed": (
        "summan av SMHI:s nio sektorer för {name} år {year} (källan har ingen totalrad för "
        "riket), publicering {release}",
        "sum of SMHI's nine sectors for {name} in {year} (the source has no total row for "
        "Sweden), release {release}"),
    "m_region": (
        "SMHI:s värde för {name}, sektor {sector}, år {year}, publicering {release}",
        "SMHI's value for {name}, sector {sector}, year {year}, release {release}"),
    "m_summed": (
        "summan av {n} kommuner i {name}, sektor {sector}, år {year}, publicering {release}",
        "sum of {n} municipalities in {name}, sector {sector}, year {year}, release {release}"),
    "sweden_previous": (
        "Sveriges värde för 2016–2019 är summan av alla 290 kommuner i SMHI:s föregående "
        "publicering; utsläpp som inte fördelas på någon kommun ingår inte.",
        "Sweden's value for 2016–2019 is the sum of all 290 municipalities in SMHI's previous "
        "release; emissions not allocated to any municipality are excluded."),
    "m_population_one": (
        "folkmängd 31 december {year} (SCB)",
        "population on 31 December {year} (SCB)"),
    "m_population_sum": (
        "folkmängd 31 december {year}, summan av {n} kommuner (SCB)",
        "population on 31 December {year}, sum of {n} municipalities (SCB)"),
    "m_per_capita_of": (
        "{method}, delat med {people} ({emissions} / {population})",
        "{method}, divided by {people} ({emissions} / {population})"),
    "unknown_code": (
        "Kommunkoden {code} ({name}) finns inte i statistiken.",
        "The municipality code {code} ({name}) is not in the statistics."),
    "abroad": (
        "Utrikes transporter är 0 för alla kommuner utom 2023 och 2024, då SMHI fördelade "
        "internationella transporter på vissa kommuner, framför allt Sigtuna (Arlanda). "
        "Totalerna 2023–2024 är därför inte helt jämförbara med tidigare år.",
        "International transport (Utrikes transporter) is 0 for every municipality except in "
        "2023 and 2024, when SMHI allocated it to some municipalities, above all Sigtuna "
        "(Arlanda). Totals for 2023–2024 are therefore not fully comparable with earlier years."),
    "national_total": (
        "Naturvårdsverkets officiella total för Sverige {year} (exklusive LULUCF) är {value}; "
        "den skiljer sig från summan av SMHI:s sektorer eftersom avgränsningen är en annan.",
        "Naturvårdsverket's official total for Sweden in {year} (excluding LULUCF) is {value}; "
        "it differs from the sum of SMHI's sectors because the scope differs."),
    "k_place": (
        "plats",
        "place"),
    "k_value": (
        "värde",
        "value"),
    "k_year": (
        "år",
        "year"),
    "which_places": (
        "Vilka kommuner eller län vill du jämföra?",
        "Which municipalities or counties do you want to compare?"),
    "unknown_sector": (
        "Sektorn ”{sector}” finns inte i SMHI:s statistik. Sektorerna är: {sectors}.",
        "The sector “{sector}” is not in SMHI's statistics. The sectors are: {sectors}."),
    "what_all": (
        "alla sektorer",
        "all sectors"),
    "what_sector": (
        "sektorn {sector}",
        "sector {sector}"),
    "l_emissions": (
        "Utsläpp, {what}",
        "Emissions, {what}"),
    "l_per_capita": (
        "Utsläpp per invånare, {what}",
        "Emissions per inhabitant, {what}"),
    "l_population": (
        "Folkmängd 31 december",
        "Population on 31 December"),
    "value_text": (
        "Utsläppen av växthusgaser i **{name}** ({what}) var **{value}** år {year}.",
        "Greenhouse-gas emissions in **{name}** ({what}) were **{value}** in {year}."),
    "m_per_capita": (
        "{emissions} / {population} (folkmängd 31 december {year})",
        "{emissions} / {population} (population on 31 December {year})"),
    "per_capita_text": (
        "Per invånare blir det **{value}** ({method}).",
        "Per inhabitant that is **{value}** ({method})."),
    "t_inputs": (
        "Underlag",
        "Inputs"),
    "comparison_head": (
        "Utsläpp ({what}) år {year}:",
        "Emissions ({what}) in {year}:"),
    "t_comparison": (
        "Jämförelse {year}",
        "Comparison {year}"),
    "l_difference": (
        "Skillnad {a} − {b}",
        "Difference {a} - {b}"),
    "m_difference": (
        "{a} − {b}",
        "{a} - {b}"),
    "difference_text": (
        "Skillnaden ({a} minus {b}) är **{value}**.",
        "The difference ({a} minus {b}) is **{value}**."),
    "change_one_year": (
        "Mellan vilka år vill du se förändringen? Du angav bara {year}.",
        "Between which years? You only gave {year}."),
    "t_change_span": (
        "Förändring {start}–{end}",
        "Change {start}–{end}"),
    "t_change": (
        "Förändring",
        "Change"),
    "l_change": (
        "Förändring",
        "Change"),
    "l_change_pct": (
        "Förändring i procent",
        "Change in percent"),
    "m_change_abs": (
        "värdet {end} minus värdet {start} ({b} − {a})",
        "value {end} minus value {start} ({b} - {a})"),
    "m_change_pct": (
        "({b} − {a}) / {a} × 100",
        "({b} - {a}) / {a} × 100"),
    "dir_down": (
        "minskade",
        "decreased"),
    "dir_up": (
        "ökade",
        "increased"),
    "dir_same": (
        "var oförändrade",
        "were unchanged"),
    "per_inh": (
        " per invånare",
        " per inhabitant"),
    "change_text": (
        "Utsläppen{per} i **{name}** ({what}) {direction} från {a} år {start} till {b} år "
        "{end}: **{abs}** (**{pct}**).",
        "Emissions{per} in **{name}** ({what}) {direction} from {a} in {start} to {b} in {end}: "
        "**{abs}** (**{pct}**)."),
    "c_series": (
        "Utsläpp {start}–{end}",
        "Emissions {start}–{end}"),
    "l_sum_sectors": (
        "Utsläpp, summan av {label}",
        "Emissions, sum of {label}"),
    "sectors_sum_text": (
        "Tillsammans stod sektorerna {label} för **{value}** i **{name}** år {year} ({joined}).",
        "Together the sectors {label} accounted for **{value}** in **{name}** in {year} "
        "({joined})."),
    "l_share_sum": (
        "Andel av totala utsläpp, {label}",
        "Share of total emissions, {label}"),
    "m_share": (
        "{part} / {total} × 100",
        "{part} / {total} × 100"),
    "share_sum_text": (
        " Det är **{value}** av de totala utsläppen.",
        " That is **{value}** of total emissions."),
    "share_text": (
        "Sektorn {sector} stod för **{share}** av utsläppen i **{name}** år {year} ({part} av "
        "{total}).",
        "The sector {sector} accounted for **{share}** of emissions in **{name}** in {year} "
        "({part} of {total})."),
    "l_sector_emissions": (
        "Utsläpp, sektorn {sector}",
        "Emissions, sector {sector}"),
    "l_share": (
        "Andel av totala utsläpp, {sector}",
        "Share of total emissions, {sector}"),
    "breakdown_text": (
        "Utsläppen i **{name}** år {year} ({total}) fördelade på SMHI:s sektorer, störst först. "
        "Störst är **{largest}**:",
        "Emissions in **{name}** in {year} ({total}) by SMHI sector, largest first. The largest "
        "is **{largest}**:"),
    "t_sectors": (
        "Sektorer {year}",
        "Sectors {year}"),
    "c_by_sector": (
        "Utsläpp per sektor {year}",
        "Emissions by sector {year}"),
    "l_share_of": (
        "Andel av {whole} utsläpp",
        "Share of {whole} emissions"),
    "share_of_text": (
        "**{name}** stod för **{share}** av {whole} utsläpp år {year} ({part} av {total}, "
        "{what}).",
        "**{name}** accounted for **{share}** of {whole} emissions in {year} ({part} of "
        "{total}, {what})."),
    "share_of_sweden": (
        "Sveriges värde är summan av SMHI:s nio sektorer i länsfilen; länens summa är något "
        "lägre än rikets eftersom vissa utsläpp inte fördelas på något län.",
        "Sweden's value is the sum of SMHI's nine sectors in the county file; the counties add "
        "up to slightly less than Sweden because some emissions are not allocated to any county."),
    "what_mean_change": (
        "Medelvärdet av de årliga förändringarna",
        "The mean of the yearly changes"),
    "what_mean": (
        "Medelvärdet",
        "The mean"),
    "what_sum": (
        "Summan",
        "The sum"),
    "m_rank_change": (
        "({b} − {a}) / {a} × 100 ({start} → {end}, publicering {release})",
        "({b} - {a}) / {a} × 100 ({start} → {end}, release {release})"),
    "m_cagr": (
        "({b} / {a})^(1/{n}) − 1, i procent per år ({start} → {end}, {n} år, publicering "
        "{release})",
        "({b} / {a})^(1/{n}) - 1, in percent per year ({start} → {end}, {n} years, release "
        "{release})"),
    "m_mean_change": (
        "medelvärdet av förändringarna i procent från året före för åren {start}–{end} ({n} år, "
        "publicering {release})",
        "the mean of the percentage changes from the year before over {start}–{end} ({n} years, "
        "release {release})"),
    "m_mean": (
        "({values}) / {n}, åren {start}–{end}, publicering {release}",
        "({values}) / {n}, years {start}–{end}, release {release}"),
    "m_sum": (
        "{values}, åren {start}–{end}, publicering {release}",
        "{values}, years {start}–{end}, release {release}"),
    "m_rank_share": (
        "{part} / {total} × 100 (år {year}, publicering {release})",
        "{part} / {total} × 100 ({year}, release {release})"),
    "l_rate": (
        "Genomsnittlig årlig förändring (CAGR), {what}",
        "Average annual rate of change (CAGR), {what}"),
    "l_mean_change": (
        "Medelvärde av de årliga förändringarna, {what}",
        "Mean of the yearly changes, {what}"),
    "l_mean": (
        "Medelvärde per år {start}–{end}, {what}",
        "Yearly mean {start}–{end}, {what}"),
    "l_sum": (
        "Summa {start}–{end}, {what}",
        "Sum {start}–{end}, {what}"),
    "rate_text": (
        "Utsläppen{per} i **{name}** ({what}) förändrades {start}–{end} med i genomsnitt "
        "**{value} per år** (CAGR: {method}).",
        "Emissions{per} in **{name}** ({what}) changed {start}–{end} by on average **{value} "
        "per year** (CAGR: {method})."),
    "mean_change_text": (
        "Medelvärdet av de årliga förändringarna av utsläppen{per} i **{name}** ({what}) "
        "{start}–{end} är **{value} per år** ({method}).",
        "The mean of the yearly changes in emissions{per} in **{name}** ({what}) {start}–{end} "
        "is **{value} per year** ({method})."),
    "mean_text": (
        "Utsläppen{per} i **{name}** ({what}) var i genomsnitt **{value}** per år {start}–{end} "
        "({method}).",
        "Emissions{per} in **{name}** ({what}) averaged **{value}** per year in {start}–{end} "
        "({method})."),
    "sum_text": (
        "Utsläppen{per} i **{name}** ({what}) var sammanlagt **{value}** under {start}–{end} "
        "({method}).",
        "Emissions{per} in **{name}** ({what}) added up to **{value}** over {start}–{end} "
        "({method})."),
    "mean_change_vs_cagr": (
        "Medelvärdet av de årliga förändringarna är inte samma sak som den genomsnittliga "
        "årliga takten (CAGR): det väger varje års förändring lika och kan skilja sig från den "
        "takt som leder från första till sista året.",
        "The mean of the yearly changes is not the same as the average annual rate (CAGR): it "
        "weighs every year's change equally and can differ from the rate that leads from the "
        "first to the last year."),
    "cagr_convention": (
        "Den genomsnittliga årliga förändringen är räknad som konstant takt (CAGR) mellan "
        "första och sista året, samma konvention som Klimatkollen använder; åren däremellan "
        "påverkar den inte.",
        "The average annual change is computed as a constant rate (CAGR) between the first and "
        "the last year, the convention Klimatkollen uses; the years in between do not affect it."),
    "t_series": (
        "Tidsserie",
        "Series"),
    "scope_counties": (
        "Sveriges {n} län",
        "Sweden's {n} counties"),
    "scope_sectors": (
        "sektorerna i {name}",
        "the sectors in {name}"),
    "scope_years": (
        "åren i {name}",
        "the years in {name}"),
    "scope_sweden_kommuner": (
        "Sveriges {n} kommuner",
        "Sweden's {n} municipalities"),
    "scope_county_kommuner": (
        "kommunerna i {county}",
        "the municipalities of {county}"),
    "rank_one_sector": (
        "Jag rangordnar efter en sektor i taget. Vilken menar du: {options}?",
        "I rank by one sector at a time. Which do you mean: {options}?"),
    "rank_share_sector": (
        "Andel av vilken sektor? Till exempel: 'Vilken kommun har störst andel utsläpp från "
        "transporter?'",
        "The share of which sector? For example: 'Which municipality has the largest share of "
        "emissions from transport?'"),
    "per_capita_rank": (
        "Utsläpp per invånare blir höga i kommuner med stora anläggningar eller trafikleder och "
        "få invånare; de visar var utsläppen sker, inte invånarnas levnadsvanor.",
        "Emissions per inhabitant are high where large plants or major roads meet few "
        "inhabitants; they show where emissions occur, not residents' lifestyles."),
    "years_latest_release": (
        "Rangordningen omfattar åren i SMHI:s senaste publicering ({years}); 2016–2019 finns "
        "bara i den föregående publiceringen och blandas inte in.",
        "The ranking covers the years in SMHI's latest release ({years}); 2016–2019 exist only "
        "in the previous release and are not mixed in."),
    "by_change_pct": (
        "förändring i procent av utsläppen{per}",
        "percentage change in emissions{per}"),
    "by_cagr_m": (
        "genomsnittlig årlig förändring (CAGR) av utsläppen{per}",
        "average annual rate of change (CAGR) of emissions{per}"),
    "by_mean_change_m": (
        "medelvärdet av de årliga förändringarna av utsläppen{per}",
        "mean of the yearly changes in emissions{per}"),
    "by_mean_m": (
        "utsläppen{per} i genomsnitt per år",
        "average yearly emissions{per}"),
    "by_sum_m": (
        "summan av utsläppen{per}",
        "sum of emissions{per}"),
    "by_share_m": (
        "sektorns andel av utsläppen",
        "the sector's share of emissions"),
    "by_share_of_m": (
        "andel av länets utsläpp",
        "share of the county's emissions"),
    "by_per_capita_m": (
        "utsläpp per invånare",
        "emissions per inhabitant"),
    "by_emissions_m": (
        "utsläpp",
        "emissions"),
    "focus_not_ranked": (
        "{name} ingår inte i rangordningen för {scope}.",
        "{name} is not part of the ranking for {scope}."),
    "l_rank": (
        "Plats {rank} av {count}",
        "Rank {rank} of {count}"),
    "ranking_more": (
        "\n\n(De första {n} av {count}; hela listan finns i tabellen.)",
        "\n\n(The first {n} of {count}; the full list is in the table.)"),
    "order_desc": (
        "högst först",
        "highest first"),
    "order_asc": (
        "lägst först",
        "lowest first"),
    "order_increase": (
        "störst ökning först",
        "largest increase first"),
    "order_decrease": (
        "störst minskning först",
        "largest decrease first"),
    "in_year_text": (
        "år {year}",
        "in {year}"),
    "ranking_head": (
        "{scope} efter {measure}{context}{when}, {how}:",
        "{scope} by {measure}{context}{when}, {how}:"),
    "focus_text": (
        "**{name}** hamnar på **plats {rank} av {count}** ({value}).",
        "**{name}** is **number {rank} of {count}** ({value})."),
    "t_ranking": (
        "Rangordning {when}",
        "Ranking {when}"),
    "by_change_t_m": (
        "förändring i ton av utsläppen{per}",
        "change in tonnes of emissions{per}"),
    "m_change_t": (
        "{b} − {a} ({start} → {end}, publicering {release})",
        "{b} - {a} ({start} → {end}, release {release})"),
    "th_rank": (
        "Plats",
        "Rank"),
    "th_kommuner": (
        "Kommun",
        "Municipality"),
    "th_lan": (
        "Län",
        "County"),
    "th_sektorer": (
        "Sektor",
        "Sector"),
    "th_år": (
        "År",
        "Year"),
    "th_value": (
        "Värde",
        "Value"),
    "filter_condition": (
        "Vilket villkor ska kommunerna uppfylla? Till exempel: 'Vilka kommuner i länet har "
        "minskat sina utsläpp med mer än 30 procent sedan 2005?'",
        "Which condition should the municipalities meet? For example: 'Which municipalities in "
        "the county have cut their emissions by more than 30 percent since 2005?'"),
    "scope_named": (
        "de namngivna kommunerna",
        "the municipalities named"),
    "l_reference_own": (
        "Jämförelsevärde: {name} som helhet",
        "Reference: {name} as a whole"),
    "l_reference_mean": (
        "Jämförelsevärde: genomsnittet för kommunerna i {name}",
        "Reference: the average of the municipalities in {name}"),
    "m_reference_mean": (
        "summan av de {n} kommunernas värden / {n}",
        "the sum of the {n} municipalities' values / {n}"),
    "l_count": (
        "Antal som uppfyller villkoret",
        "Number meeting the condition"),
    "m_count": (
        "antal av {n} där {test}",
        "number of {n} where {test}"),
    "l_member": (
        "Uppfyller villkoret",
        "Meets the condition"),
    "reference_text": (
        " Jämförelsevärdet är {what}: **{value}** ({method}).",
        " The reference is {what}: **{value}** ({method})."),
    "verdict_yes": (
        "**Ja** – för **{name}** gäller att {test} ({value}).",
        "**Yes** – for **{name}**, {test} ({value})."),
    "verdict_no": (
        "**Nej** – för **{name}** gäller inte att {test} ({value}).",
        "**No** – for **{name}**, it is not the case that {test} ({value})."),
    "filter_count_text": (
        "Av {scope_lower} ({total}) är det **{n}** där {test}.",
        "Of {scope_lower} ({total}), **{n}** meet the condition: {test}."),
    "filter_list_text": (
        "{scope} där {test}: **{n} av {total}**.",
        "{scope} where {test}: **{n} of {total}**."),
    "filter_none": (
        "Ingen uppfyller villkoret.",
        "None meets the condition."),
    "t_filter": (
        "Urval",
        "Selection"),
    "trend_one_year": (
        "Mellan {start} och {end} finns bara året {year} i statistiken; en utveckling kräver "
        "minst två år.",
        "Between {start} and {end} the statistics only have {year}; a trend needs at least two "
        "years."),
    "trend_skipped": (
        "Åren {years} finns bara i SMHI:s föregående publicering och visas inte här, eftersom "
        "två publiceringar aldrig blandas i samma serie.",
        "The years {years} exist only in SMHI's previous release and are not shown, because two "
        "releases are never mixed in one series."),
    "trend_text": (
        "Utsläppen i **{name}** ({what}) {span}, publicering {release}. Förändring {span}: "
        "**{pct}** ({direction}).",
        "Emissions in **{name}** ({what}) {span}, release {release}. Change {span}: **{pct}** "
        "({direction})."),
    "trend_table_head": (
        "| år | utsläpp |\n|---|---|",
        "| year | emissions |\n|---|---|"),
    "target_sector": (
        "{target} gäller sektorn {sector}; jag räknar vägen dit för den sektorn.",
        "{target} applies to the sector {sector}; I compute the path for that sector."),
    "target_base_missing": (
        "Basåret {year} finns inte i den senaste publiceringen, så vägen till målet kan inte "
        "räknas.",
        "The base year {year} is not in the latest release, so the path to the target cannot be "
        "computed."),
    "path_latest": (
        "Beräkningen utgår alltid från det senaste året i statistiken, {latest}.",
        "The calculation always starts from the latest year in the statistics, {latest}."),
    "l_target_level": (
        "Målnivå {year} ({percent} % av {base})",
        "Target level {year} ({percent}% of {base})"),
    "l_yearly_pct": (
        "Minskning per år, konstant takt",
        "Yearly reduction, constant rate"),
    "m_yearly_pct": (
        "1 − ({target} / {now})^(1/{n}), i procent",
        "1 - ({target} / {now})^(1/{n}), in percent"),
    "l_line_zero": (
        "Minskning per år, rak linje till noll",
        "Yearly reduction, straight line to zero"),
    "l_line_target": (
        "Minskning per år, lika många ton varje år till målnivån",
        "Yearly reduction, the same tonnes every year to the target level"),
    "path_sweden_2045": (
        "För att **{name}** ska nå 15 % av 1990 års utsläpp ({target}) år 2045 behöver "
        "utsläppen, från {now} år {latest}, minska med i genomsnitt **{pct} per år** i konstant "
        "takt ({n} år).",
        "For **{name}** to reach 15% of its 1990 emissions ({target}) by 2045, emissions must "
        "fall from {now} in {latest} by on average **{pct} per year** at a constant rate ({n} "
        "years)."),
    "path_below_sweden_2045": (
        "Utsläppen i **{name}** {latest} ({now}) ligger redan under målnivån för 2045, 15 % av "
        "1990 års utsläpp ({target}); ingen ytterligare minskning behövs för att nå den nivån.",
        "Emissions in **{name}** in {latest} ({now}) are already below the 2045 target level, "
        "15% of 1990 ({target}); no further cut is needed to reach that level."),
    "path_line_sweden_2045": (
        "Räknat som en rak linje till noll år 2045 blir det **{line}** varje år.",
        "As a straight line to zero by 2045 that is **{line}** every year."),
    "path_convention_sweden_2045": (
        "Konvention: (a) konstant årlig procentuell minskning från senaste året till 15 % av "
        "1990 års nivå 2045; (b) lika stor minskning i ton varje år till noll 2045. Båda räknas "
        "på samma publicering ({release}).",
        "Convention: (a) a constant yearly percentage cut from the latest year to 15% of the "
        "1990 level in 2045; (b) the same cut in tonnes every year to zero in 2045. Both use "
        "the same release ({release})."),
    "caveat_sweden_2045": (
        "Sveriges mål är att de territoriella utsläppen 2045 ska vara minst 85 % lägre än 1990 "
        "(klimatpolitiska ramverket). Målet gäller hela landet; att tillämpa det på en kommun "
        "eller ett län är en räknekonvention, inte ett lokalt beslutat mål.",
        "Sweden's target is territorial emissions at least 85% below 1990 by 2045 (the climate "
        "policy framework). It is a national target; applying it to a municipality or county is "
        "a calculation convention, not a locally adopted goal."),
    "path_transport_2030": (
        "För att **{name}** ska nå transportmålet, högst {percent} % av 2010 års utsläpp från "
        "transporter ({target}) år 2030, behöver transportutsläppen, från {now} år {latest}, "
        "minska med i genomsnitt **{pct} per år** i konstant takt ({n} år).",
        "For **{name}** to reach the transport target, at most {percent}% of its 2010 transport "
        "emissions ({target}) by 2030, transport emissions must fall from {now} in {latest} by "
        "on average **{pct} per year** at a constant rate ({n} years)."),
    "path_below_transport_2030": (
        "Transportutsläppen i **{name}** {latest} ({now}) ligger redan under transportmålets "
        "nivå för 2030, {percent} % av 2010 års utsläpp ({target}).",
        "Transport emissions in **{name}** in {latest} ({now}) are already below the transport "
        "target's 2030 level, {percent}% of 2010 ({target})."),
    "path_line_transport_2030": (
        "Räknat som lika stor minskning i ton varje år fram till målnivån blir det **{line}** "
        "per år.",
        "As the same cut in tonnes every year down to the target level that is **{line}** per "
        "year."),
    "path_convention_transport_2030": (
        "Konvention: (a) konstant årlig procentuell minskning från senaste året till {percent} "
        "% av 2010 års nivå år 2030; (b) lika stor minskning i ton varje år till den nivån. "
        "Båda räknas på samma publicering ({release}).",
        "Convention: (a) a constant yearly percentage cut from the latest year to {percent}% of "
        "the 2010 level in 2030; (b) the same cut in tonnes every year to that level. Both use "
        "the same release ({release})."),
    "path_so_far": (
        "Sedan {base_year} har utsläppen förändrats med **{pct}** ({base} år {base_year}, {now} "
        "år {latest}).",
        "Since {base_year} emissions have changed by **{pct}** ({base} in {base_year}, {now} in "
        "{latest})."),
    "caveat_transport_2030": (
        "Sveriges transportmål (kunskapsbasen, ”Sveriges klimatmål”): utsläppen från inrikes "
        "transporter ska minska med minst 70 procent till 2030 jämfört med 2010; inrikesflyget "
        "ingår inte i målet. SMHI:s sektor Transporter omfattar även inrikesflyget. Målet är "
        "nationellt; att tillämpa det på en kommun eller ett län är en räknekonvention, inte "
        "ett lokalt beslutat mål.",
        "Sweden's transport target (knowledge base, “Sveriges klimatmål”): emissions from "
        "domestic transport are to fall by at least 70 percent by 2030 compared with 2010; "
        "domestic aviation is not part of it. SMHI's sector Transporter includes domestic "
        "aviation. It is a national target; applying it to a municipality or county is a "
        "calculation convention, not a locally adopted goal."),
    "l_per_capita_now": (
        "Utsläpp per invånare",
        "Emissions per inhabitant"),
    "l_per_capita_target": (
        "Målnivå {year} per invånare (dagens folkmängd)",
        "Target level {year} per inhabitant (today's population)"),
    "l_per_capita_line": (
        "Minskning per invånare och år, rak linje",
        "Yearly reduction per inhabitant, straight line"),
    "path_per_capita": (
        "Per invånare: från **{now}** år {latest} till högst **{target}** år {year}, eller "
        "**{line}** mindre varje år med en rak linje. Konvention: folkmängden år {latest} "
        "({pop}) hålls oförändrad till {year}, eftersom statistiken inte har någon "
        "befolkningsprognos; den årliga procentuella minskningen blir då densamma som för "
        "totalen.",
        "Per inhabitant: from **{now}** in {latest} to at most **{target}** in {year}, or "
        "**{line}** less every year on a straight line. Convention: the population of {latest} "
        "({pop}) is held constant to {year}, because the statistics have no population "
        "forecast; the yearly percentage cut is then the same as for the total."),
    "missing_data": (
        "Statistiken saknar uppgifter för frågan ({detail}).",
        "The statistics have no data for this question ({detail})."),
    "nothing_ranked": (
        "Statistiken har inget värde att rangordna för frågan.",
        "The statistics have no value to rank for this question."),
    "units_skipped": (
        "*Utelämnade, eftersom måttet inte går att räkna för dem: {names}.*",
        "*Left out, because the measure cannot be computed for them: {names}.*"),
}
