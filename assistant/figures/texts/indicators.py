"""The phrases of the answers about indicators (cars, cycling, charging, consumption, climate
plans, Klimatkollen's KPIs, Sweden's national categories), Swedish and English, by key."""

from __future__ import annotations

INDICATOR_PHRASES: dict[str, tuple[str, str]] = {
    "one_year_indicator": (
        "Det nyckeltalet finns bara för ett år, så någon utveckling över tid kan jag inte visa.",
        "That indicator exists for one year only, so I cannot show a trend over time."),
    "which_indicator": (
        "Vilket nyckeltal menar du: laddbara bilars andel av nya bilar, cykelnät, laddpunkter, "
        "konsumtionsbaserade utsläpp eller klimatplan?",
        "Which indicator do you mean: share of rechargeable new cars, cycle network, charging "
        "points, consumption-based emissions or climate plan?"),
    "not_in_statistics": (
        "{name} ({code}) finns inte i statistiken.",
        "{name} ({code}) is not in the statistics."),
    "indicator_years": (
        "{what} finns för åren {years}, inte för {year}.",
        "{what} is available for {years}, not for {year}."),
    "indicator_series_years": (
        "{what} finns för åren {years}; en utveckling kräver minst två av dem.",
        "{what} is available for {years}; a trend needs at least two of them."),
    "w_new_cars": (
        "Nyregistreringar",
        "New registrations"),
    "w_bicycle": (
        "Cykelnätet",
        "The cycle network"),
    "w_fleet": (
        "Bilbeståndet per drivmedel",
        "Cars by fuel"),
    "summed_over": (
        ", summerat över {n} kommuner i {name}",
        ", summed over {n} municipalities in {name}"),
    "l_new_rechargeable": (
        "Nyregistrerade laddbara bilar",
        "New rechargeable cars"),
    "m_new_rechargeable": (
        "elbilar + laddhybrider",
        "electric + plug-in hybrid"),
    "l_new_cars": (
        "Nyregistrerade personbilar totalt",
        "New cars in total"),
    "m_new_cars": (
        "alla nyregistrerade personbilar",
        "all new cars"),
    "l_ev_share": (
        "Laddbara bilars andel av nya personbilar",
        "Share of rechargeable new cars"),
    "ev_text": (
        "Av de nyregistrerade personbilarna i **{name}** år {year} var **{share}** laddbara (el "
        "eller laddhybrid): {n} av {total}.",
        "Of the new cars registered in **{name}** in {year}, **{share}** were rechargeable "
        "(electric or plug-in hybrid): {n} of {total}."),
    "l_bicycle_total": (
        "Cykelnät totalt",
        "Cycle network in total"),
    "m_bicycle_total": (
        "enskilt + kommunalt + statligt cykelnät",
        "private + municipal + state network"),
    "l_bicycle": (
        "Cykelnät per invånare",
        "Cycle network per inhabitant"),
    "m_bicycle": (
        "{metres} / {people} (folkmängd 31 december {year})",
        "{metres} / {people} (population on 31 December {year})"),
    "bicycle_text": (
        "**{name}** hade **{value}** cykelnät år {year} ({total} totalt).",
        "**{name}** had **{value}** of cycle network in {year} ({total} in total)."),
    "charging_period": (
        "Laddpunkterna finns bara för {period} (Power Circle), inte för {year}.",
        "Charging points are only available for {period} (Power Circle), not for {year}."),
    "l_charging": (
        "Publika laddpunkter",
        "Public charging points"),
    "m_charging": (
        "Power Circle ELIS, {period}",
        "Power Circle ELIS, {period}"),
    "m_charging_derived": (
        "{points} / {people} × 100 (folkmängd 31 december {year}, SCB)",
        "{points} / {people} × 100 (population on 31 December {year}, SCB)"),
    "m_charging_own": (
        "Power Circles eget värde för laddpunkter per 100 invånare",
        "Power Circle's own value for charging points per 100 inhabitants"),
    "m_charging_count": (
        "antal publika laddpunkter, Power Circle ELIS",
        "number of public charging points, Power Circle"),
    "l_charging_per_100": (
        "Laddpunkter per 100 invånare",
        "Charging points per 100 inhabitants"),
    "charging_text": (
        "**{name}** hade {points} i december {year}, **{value}**.",
        "**{name}** had {points} in December {year}, **{value}**."),
    "consumption_year": (
        "Konsumtionsbaserade utsläpp finns bara för {year}, inte för {asked}.",
        "Consumption-based emissions are only available for {year}, not for {asked}."),
    "l_consumption": (
        "Konsumtionsbaserade utsläpp per invånare",
        "Consumption-based emissions per inhabitant"),
    "m_consumption": (
        "SEI:s modellerade värde (Konsumtionskompassen)",
        "SEI's modelled value (Konsumtionskompassen)"),
    "consumption_text": (
        "De konsumtionsbaserade utsläppen i **{name}** var **{value}** år {year}, enligt SEI:s "
        "modell.",
        "Consumption-based emissions in **{name}** were **{value}** in {year}, according to "
        "SEI's model."),
    "l_fleet": (
        "Personbilar i trafik, drivmedel {fuel}",
        "Cars in use, fuel {fuel}"),
    "m_fleet": (
        "Trafikanalys, personbilar i trafik vid årets slut, {fuel}",
        "Trafikanalys, cars in use at year end, {fuel}"),
    "l_fleet_total": (
        "Personbilar i trafik, totalt",
        "Cars in use, total"),
    "m_fleet_total": (
        "Trafikanalys, alla drivmedel",
        "Trafikanalys, all fuels"),
    "l_fleet_share": (
        "Andel av bilbeståndet, {fuel}",
        "Share of cars in use, {fuel}"),
    "fleet_text": (
        "I **{name}** fanns vid slutet av {year} **{n}** i trafik med drivmedlet {fuel}, "
        "**{share}** av alla {total}.",
        "At the end of {year} **{name}** had **{n}** {fuel_name} cars in use, **{share}** of "
        "all {total}."),
    "which_kk": (
        "Vilket av Klimatkollens nyckeltal menar du: utsläppens årliga förändring, trendens "
        "lutning, året då trenden når noll, utsläppen 2026–2050 enligt trenden, laddbara bilar "
        "per laddpunkt eller klimatkrav i upphandling?",
        "Which of Klimatkollen's indicators do you mean: the yearly change in emissions, the "
        "trend's slope, the year the trend reaches zero, emissions 2026–2050 on the trend, "
        "rechargeable cars per charging point or climate requirements in procurement?"),
    "kk_kommun_only": (
        "Klimatkollens nyckeltal finns bara per kommun.",
        "Klimatkollen's indicators exist per municipality only."),
    "kk_missing": (
        "{name} saknas i Klimatkollens nyckeltal.",
        "{name} is missing from Klimatkollen's indicators."),
    "m_kk": (
        "Klimatkollens värde i kolumnen {column}",
        "Klimatkollen's value in the column {column}"),
    "kk_never_zero": (
        "Enligt Klimatkollens trend når utsläppen i **{name}** aldrig noll.",
        "On Klimatkollen's trend, emissions in **{name}** never reach zero."),
    "kk_zero_text": (
        "Enligt Klimatkollens trendlinje (LAD, data från 2015) når utsläppen i **{name}** noll "
        "**{year}** (datum {date}).",
        "On Klimatkollen's trend line (LAD, data from 2015) emissions in **{name}** reach zero "
        "in **{year}** (date {date})."),
    "kk_no_value": (
        "Klimatkollen har inget värde för {name}.",
        "Klimatkollen has no value for {name}."),
    "kk_text": (
        "{label}, **{name}**: **{value}**.",
        "{label}, **{name}**: **{value}**."),
    "national_only": (
        "Den uppgiften finns bara för hela Sverige (Naturvårdsverket), inte per kommun eller "
        "län.",
        "That figure exists only for Sweden as a whole (Naturvårdsverket), not per municipality "
        "or county."),
    "national_missing": (
        "Kategorin {category} finns inte i den nationella statistiken.",
        "The category {category} is not in the national statistics."),
    "national_years": (
        "{label} finns för {years}.",
        "{label} is available for {years}."),
    "national_year": (
        "{label} finns för {years}, inte {year}.",
        "{label} is available for {years}, not {year}."),
    "m_national": (
        "Naturvårdsverkets värde för Sverige, kategori {category}, år {year}",
        "Naturvårdsverket's value for Sweden, category {category}, {year}"),
    "national_text": (
        "{label}, Sverige år {year}: **{value}**.",
        "{label} (Sweden, {year}): **{value}**."),
    "lulucf_caveat": (
        "LULUCF (markanvändning och skogsbruk) är negativt när marken tar upp mer koldioxid än "
        "den släpper ut (en nettosänka). Det ingår inte i de territoriella utsläppen och finns "
        "inte per kommun eller län.",
        "LULUCF (land use and forestry) is negative when the land takes up more carbon dioxide "
        "than it emits (a net sink). It is not part of territorial emissions and is not "
        "available per municipality or county."),
    "outside_territorial": (
        "Kategorin ligger utanför Sveriges territoriella utsläpp och räknas inte in i "
        "klimatmålet för 2045; den sammanställdes av Klimatkollen ur Naturvårdsverkets, SCB:s "
        "och SEI:s uppgifter.",
        "This category lies outside Sweden's territorial emissions and does not count towards "
        "the 2045 target; Klimatkollen compiled it from Naturvårdsverket, SCB and SEI data."),
    "l_change_span": (
        "Förändring {span}",
        "Change {span}"),
    "indicator_series_text": (
        "{label}, **{name}** {span}: från {first} till {last} (**{diff}**).",
        "{label}, **{name}** {span}: from {first} to {last} (**{diff}**)."),
    "indicator_table_head": (
        "| år | värde |\n|---|---|",
        "| year | value |\n|---|---|"),
    "car_owner": (
        "Bilar registreras i ägarens kommun. Leasing- och företagsbilar gör att vissa kommuner, "
        "till exempel Solna, Stockholm och Danderyd, får mycket höga värden.",
        "Cars are registered in the owner's municipality. Leasing and company cars make some "
        "municipalities look very high, for example Solna, Stockholm and Danderyd."),
    "charging_source": (
        "Laddpunkterna kommer från Power Circles databas ELIS, som inte är officiell statistik.",
        "Charging points come from Power Circle's ELIS database, which is not official "
        "statistics."),
    "consumption_model": (
        "Konsumtionsbaserade utsläpp är modellerade uppskattningar, inte mätningar, och "
        "omfattar utsläpp i andra länder; de kan inte jämföras direkt med de territoriella "
        "utsläppen.",
        "Consumption-based emissions are modelled estimates, not measurements, and include "
        "emissions abroad; they cannot be compared directly with territorial emissions."),
    "plans_list": (
        "Listan över klimatplaner är crowdsourcad av Klimatkollen och räknar bara planer som "
        "gäller 2023 eller senare; länkar kan sluta fungera.",
        "The list of climate plans is crowdsourced by Klimatkollen and only counts plans valid "
        "in 2023 or later; links can go dead."),
    "kk_own": (
        "Klimatkollens nyckeltal är Klimatkollens egna beräkningar, inte officiell statistik.",
        "Klimatkollen's indicators are Klimatkollen's own calculations, not official statistics."),
    "l_plans": (
        "Kommuner med klimatplan",
        "Municipalities with a climate plan"),
    "m_plans": (
        "antal av {n} kommuner med länk till en plan i Klimatkollens lista",
        "number of {n} municipalities with a link to a plan in Klimatkollen's list"),
    "plans_text": (
        "**{value}** av {n} kommuner i {name} har en klimatplan i Klimatkollens lista.",
        "**{value}** of {n} municipalities in {name} have a climate plan in Klimatkollen's list."),
    "plans_missing": (
        "Utan plan i listan: {names}.",
        "Without a plan in the list: {names}."),
    "t_plans": (
        "Klimatplaner",
        "Climate plans"),
    "plan_none": (
        "Klimatkollens lista har ingen klimatplan för **{name}** ({comment}).",
        "Klimatkollen's list has no climate plan for **{name}** (“{comment}”)."),
    "l_plan_adopted": (
        "Klimatplanen antogs",
        "Climate plan adopted"),
    "m_plan_adopted": (
        "antagandeår för ”{plan}” i Klimatkollens lista",
        "year of adoption of “{plan}” in Klimatkollen's list"),
    "plan_adopted": (
        ", antagen **{year}**",
        ", adopted in **{year}**"),
    "plan_year_missing": (
        " (antagandeår saknas i listan)",
        " (year of adoption not listed)"),
    "plan_text": (
        "**{name}** har klimatplanen **{plan}**{adopted}. Länk: {link}",
        "**{name}** has the climate plan **{plan}**{adopted}. Link: {link}"),
    "kk_not_rankable": (
        "Det nyckeltalet kan jag inte rangordna.",
        "I cannot rank by that indicator."),
    "indicator_rank_refused": (
        "Nyckeltalen rangordnar jag bara mellan kommuner (i länet eller i Sverige); "
        "klimatplaner och Sveriges nationella kategorier går inte att rangordna.",
        "I rank indicators only between municipalities (in the county or in Sweden); climate "
        "plans and Sweden's national categories cannot be ranked."),
    "indicator_no_values": (
        "Inga kommuner har ett värde för det nyckeltalet.",
        "No municipality has a value for that indicator."),
    "w_charging_per_100": (
        "laddpunkter per 100 invånare",
        "charging points per 100 inhabitants"),
    "w_charging_count": (
        "antal publika laddpunkter",
        "number of public charging points"),
    "w_fleet_share": (
        "andel personbilar i trafik med drivmedlet {fuel}",
        "share of {fuel_en} cars in use"),
    "w_fleet_count": (
        "antal personbilar i trafik med drivmedlet {fuel}",
        "number of {fuel_en} cars in use"),
}
