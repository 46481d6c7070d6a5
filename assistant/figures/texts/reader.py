"""The reader's phrases: questions back and refusals, Swedish and English, by key."""

from __future__ import annotations

READER: dict[str, tuple[str, str]] = {
    "which_place": (
        "Vilken kommun, Stockholms län eller hela Sverige menar du?",
        "Which municipality, Stockholm County or Sweden as a whole do you mean?"),
    "unknown_place": (
        "Jag hittar ingen kommun som heter '{name}'. Vilken kommun, Stockholms län eller hela "
        "Sverige menar du?",
        "I cannot find a municipality called '{name}'. Which municipality, Stockholm County or "
        "Sweden as a whole do you mean?"),
    "compare_with": (
        "Vilken kommun vill du jämföra {name} med? Till exempel: 'Jämför {name} och Värmdö per "
        "invånare 2024'.",
        "Which municipality do you want to compare {name} with? For example: 'Compare {name} and "
        "Värmdö per capita 2024'."),
    "which_sector_share": (
        "Andel av vad? Ange en sektor, till exempel: 'Hur stor andel av {name}s utsläpp kommer "
        "från transporter?'",
        "A share of what? Name a sector, for example: 'What share of {name}'s emissions comes "
        "from transport?'"),
    "one_sector": (
        "Jag kan räkna på en sektor i taget. Vilken menar du: {options}?",
        "I can compute one sector at a time. Which do you mean: {options}?"),
    "ambiguous_sector": (
        "'{word}' finns i två av SMHI:s sektorer. Menar du {options}?",
        "'{word}' belongs to two of SMHI's sectors. Do you mean {options}?"),
    "district": (
        "Statistiken finns per kommun, inte för {district}. {district} ligger i {kommun} kommun "
        "– vill du ha siffrorna för {kommun}?",
        "The statistics are per municipality, not for {district}. {district} is in {kommun} "
        "municipality – do you want the figures for {kommun}?"),
    "path_year": (
        "Jag räknar vägen till Sveriges mål 2045 (netto noll) och, för sektorn Transporter, "
        "vägen till transportmålet 2030 (minst 70 % lägre än 2010). Vill du ha den årliga "
        "minskning som behövs till 2045?",
        "I compute the path to Sweden's 2045 target (net zero) and, for the sector Transporter, "
        "to the 2030 transport target (at least 70% below 2010). Do you want the yearly "
        "reduction needed until 2045?"),
    "follow_up_alone": (
        "Vilken fråga syftar du på? Ställ gärna hela frågan, till exempel: 'Hur stora var Nackas "
        "utsläpp per invånare 2024?'",
        "Which question do you mean? Please ask the whole question, for example: 'What were "
        "Nacka's emissions per capita in 2024?'"),
    "follow_up_unclear": (
        "Vad vill du ändra i förra frågan – kommun, år, sektor eller per invånare? Till exempel: "
        "'Och för Värmdö?' eller 'Samma för 2015'.",
        "What do you want to change in the previous question – place, year, sector or per "
        "capita? For example: 'What about Värmdö?' or 'Same for 2015'."),
    "unreadable": (
        "Jag förstår inte riktigt vilken siffra du vill ha. Pröva till exempel: 'Hur stora var "
        "Nackas utsläpp 2024?' eller 'Visa utvecklingen för Huddinge sedan 1990'.",
        "I do not quite understand which figure you want. Try for example: 'What were Nacka's "
        "emissions in 2024?' or 'Show the trend for Huddinge since 1990'."),
    "foreign": (
        "Statistiken gäller bara Sverige: svenska kommuner, län och riket. {name} finns inte i "
        "den.",
        "The statistics cover Sweden only: Swedish municipalities, counties and the country. "
        "{name} is not in them."),
    "year_early": (
        "Statistiken har inga uppgifter för {year}: SMHI:s utsläpp per kommun och län finns från "
        "1990.",
        "The statistics have no figures for {year}: SMHI's emissions per municipality and county "
        "start in 1990."),
    "year_future": (
        "{year} har inte varit än. Statistiken innehåller bara uppmätta år (utsläpp till och med "
        "2024), inga prognoser.",
        "{year} has not happened yet. The statistics only hold measured years (emissions up to "
        "2024), no forecasts."),
    "lulucf": (
        "Markanvändning och skog (LULUCF) finns inte per kommun eller län i statistiken, så den "
        "siffran kan jag inte räkna fram.",
        "Land use and forestry (LULUCF) are not in the statistics per municipality or county, so "
        "I cannot compute that figure."),
    "gases": (
        "Statistiken är uppdelad per sektor, inte per växthusgas: alla gaser räknas samman som "
        "koldioxidekvivalenter.",
        "The statistics are broken down by sector, not by gas: all gases are added up as CO2 "
        "equivalents."),
    "area": (
        "Statistiken har ingen yta per kommun, så utsläpp per ytenhet kan jag inte räkna fram. "
        "Per invånare går bra.",
        "The statistics hold no land area per municipality, so I cannot compute emissions per "
        "unit of area. Per capita works."),
    "economy": (
        "Statistiken har inga ekonomiska uppgifter (BRP, anställda), så den kvoten kan jag inte "
        "räkna fram. Per invånare går bra.",
        "The statistics hold no economic data (GDP, employees), so I cannot compute that ratio. "
        "Per capita works."),
    "co2e": (
        "Siffrorna gäller alla växthusgaser omräknade till koldioxidekvivalenter (CO2e), inte "
        "bara koldioxid.",
        "The figures cover all greenhouse gases as CO2 equivalents (CO2e), not only CO2."),
    "latest_year": (
        "Jag tolkar det som det senaste året i statistiken; den släpar, så det är inte alltid "
        "förra kalenderåret. Året står i svaret.",
        "I read that as the latest year in the statistics; they lag, so it is not always the "
        "previous calendar year. The year is given in the answer."),
    "one_year_change": (
        "Jag tolkar frågan som förändringen under {year}, alltså från {prev} till {year}.",
        "I read the question as the change during {year}, i.e. from {prev} to {year}."),
    "look": (
        "Jag visar de totala utsläppen av växthusgaser, senaste året i statistiken.",
        "I show total greenhouse-gas emissions, the latest year in the statistics."),
    "base_year": (
        "Inget startår angavs; jag jämför med 1990, basåret för Sveriges klimatmål.",
        "No start year given; I compare with 1990, the base year of Sweden's climate target."),
    "scope_sweden": (
        "{name} ligger inte i Stockholms län, så jag rangordnar bland alla Sveriges kommuner.",
        "{name} is not in Stockholm County, so I rank it among all Swedish municipalities."),
    "incomplete": (
        "Jag är inte säker på att jag kan räkna ut hela frågan: ”{words}” ändrar vad som ska "
        "räknas, och den beräkningen kan jag inte göra på det sättet. Det jag kan räkna ut är "
        "{reading} Vill du ha det, eller kan du formulera om frågan?",
        "I am not sure I can compute the whole question: “{words}” changes what is to be "
        "computed, and I cannot compute it that way. What I can compute is {reading} Do you want "
        "that, or can you rephrase the question?"),
    "incomplete_nothing": (
        "Jag kan inte räkna ut det frågan ber om: ”{words}” ändrar beräkningen på ett sätt jag "
        "inte kan följa. Jag räknar värden, förändringar, årlig takt, medelvärden och summor "
        "över år, andelar, rangordningar, urval (till exempel ”vilka kommuner har minskat mer än "
        "30 %”), jämförelser, utveckling och vägen till målen. Formulera gärna om frågan.",
        "I cannot compute what the question asks: “{words}” changes the calculation in a way I "
        "cannot follow. I compute values, changes, yearly rates, means and sums over years, "
        "shares, rankings, selections (for example “which municipalities have cut emissions by "
        "more than 30%”), comparisons, trends and the path to the targets. Please rephrase the "
        "question."),
    "own_operations": (
        "Statistiken gäller utsläppen inom kommunernas, länets och Sveriges geografiska område "
        "(territoriella utsläpp), inte en organisations egen verksamhet. Region Stockholms egna "
        "utsläpp och mål för den egna verksamheten beskrivs i kunskapsbasens dokument, inte i "
        "statistiken.",
        "The statistics cover emissions within the geographical area of the municipalities, the "
        "county and Sweden (territorial emissions), not an organisation's own operations. Region "
        "Stockholm's own emissions and the targets for its own operations are described in the "
        "knowledge base's documents, not in the statistics."),
    "target_question": (
        "Statistiken innehåller uppmätta utsläpp, inte mål; vad målen säger står i "
        "kunskapsbasens dokument. Det jag kan räkna ut är den årliga minskning som behövs för "
        "Sveriges mål 2045 och för transportmålet 2030, till exempel: 'Hur mycket måste Nackas "
        "utsläpp minska per år för att nå målet 2045?'",
        "The statistics hold measured emissions, not targets; what the targets say is in the "
        "knowledge base's documents. What I can compute is the yearly cut needed for Sweden's "
        "2045 target and for the 2030 transport target, for example: 'How much must Nacka's "
        "emissions fall each year to reach the 2045 target?'"),
    "unsupported_statistic": (
        "Jag räknar värden, förändringar, årlig takt, medelvärden och summor över år, andelar "
        "och rangordningar, men inte ”{word}”. Formulera gärna om frågan med något av de måtten.",
        "I compute values, changes, yearly rates, means and sums over years, shares and "
        "rankings, but not “{word}”. Please rephrase the question with one of those."),
    "subsector": (
        "Statistiken har SMHI:s nio huvudsektorer; ”{word}” är en del av sektorn Transporter och "
        "redovisas inte för sig. Jag kan räkna på hela sektorn, till exempel: 'Hur stor andel "
        "av länets utsläpp kommer från transporter?'",
        "The statistics have SMHI's nine main sectors; “{word}” is part of the sector Transporter "
        "and is not reported on its own. I can compute the whole sector, for example: 'What "
        "share of the county's emissions comes from transport?'"),
    "forecast": (
        "Statistiken innehåller bara uppmätta år, inga prognoser, så ”{word}” kan jag inte räkna "
        "på. Jag kan visa utvecklingen hittills eller den årliga minskning som behövs för att nå "
        "målen.",
        "The statistics only hold measured years, no forecasts, so I cannot compute “{word}”. I "
        "can show the trend so far or the yearly cut needed to reach the targets."),
    "ratio": (
        "Jag räknar skillnader i ton och procent, inte kvoter (”{word}”). Fråga gärna till "
        "exempel: 'Jämför utsläppen i Stockholm och Nacka 2024', så visar jag båda värdena och "
        "skillnaden.",
        "I compute differences in tonnes and percent, not ratios (“{word}”). You can ask for "
        "example: 'Compare emissions in Stockholm and Nacka in 2024', and I show both values and "
        "the difference."),
    "small_decrease": (
        "”{words}” är två villkor på en gång (en minskning, men en liten). Jag kan lista "
        "kommunerna som minskat mer än en gräns, eller som ökat, till exempel: 'Vilka kommuner i "
        "länet har minskat sina utsläpp med mer än 10 procent sedan 2015?'",
        "“{words}” is two conditions at once (a decrease, but a small one). I can list the "
        "municipalities that decreased by more than a limit, or that increased, for example: "
        "'Which municipalities in the county have cut their emissions by more than 10 percent "
        "since 2015?'"),
    "count_what": (
        "Hur många kommuner som vad? Ange ett villkor, till exempel: 'Hur många kommuner i länet "
        "har minskat sina utsläpp med mer än 30 procent sedan 2005?'",
        "How many municipalities that do what? Give a condition, for example: 'How many "
        "municipalities in the county have cut their emissions by more than 30 percent since "
        "2005?'"),
    "reference_absolute": (
        "Länets och Sveriges totala utsläpp är summan av kommunernas, så varje kommun ligger "
        "under dem. Menar du per invånare, till exempel: 'Vilka kommuner har lägre utsläpp per "
        "invånare än länet?', eller jämfört med genomsnittet för kommunerna: 'Vilka kommuner har "
        "högre utsläpp än genomsnittet i länet?'",
        "The totals of the county and of Sweden are the sums of their municipalities, so every "
        "municipality is below them. Do you mean per capita, for example: 'Which municipalities "
        "have lower emissions per capita than the county?', or compared with the municipalities' "
        "average: 'Which municipalities have higher emissions than the county average?'"),
    "share_per_capita": (
        "En andel av länets eller Sveriges utsläpp räknas på utsläppen i ton, inte per invånare. "
        "Fråga gärna: 'Hur stor andel av länets utsläpp står {name} för?'",
        "A share of the county's or Sweden's emissions is computed on emissions in tonnes, not "
        "per capita. You can ask: 'What share of the county's emissions does {name} account "
        "for?'"),
    "transport_target_sector": (
        "Transportmålet gäller utsläppen från inrikes transporter (SMHI:s sektor Transporter), "
        "inte {sector}. Vill du ha vägen till transportmålet för sektorn Transporter, eller "
        "vägen till Sveriges mål 2045?",
        "The transport target applies to emissions from domestic transport (SMHI's sector "
        "Transporter), not {sector}. Do you want the path to the transport target for the sector "
        "Transporter, or the path to Sweden's 2045 target?"),
    "sum_of_places": (
        "Jag räknar varje plats för sig och visar skillnaden, men summerar inte flera kommuner. "
        "Fråga gärna efter länet som helhet, eller jämför kommunerna.",
        "I compute each place on its own and show the difference, but do not add up several "
        "municipalities. You can ask about the county as a whole, or compare the municipalities."),
    "rank_one_place": (
        "En rangordning behöver flera kommuner. Menar du var {name} hamnar bland kommunerna i "
        "länet, till exempel: 'Var hamnar {name} i länet när det gäller utsläpp per invånare?'",
        "A ranking needs several municipalities. Do you mean where {name} ranks among the "
        "municipalities of the county, for example: 'Where does {name} rank in the county for "
        "emissions per capita?'"),
    "which_years_mean": (
        "Medelvärde över vilka år? Ange en period, till exempel: 'Vad var Täbys genomsnittliga "
        "utsläpp 2021–2023?'",
        "A mean over which years? Give a period, for example: 'What were Täby's average "
        "emissions in 2021–2023?'"),
    "which_years_sum": (
        "Summan över vilka år? Ange en period, till exempel: 'Hur mycket släppte Nacka ut "
        "sammanlagt 2020–2024?'",
        "The sum over which years? Give a period, for example: 'How much did Nacka emit in total "
        "2020–2024?'"),
    "mean_of_places": (
        "Jag räknar inte medelvärden över kommuner. Jag kan ge länets eller Sveriges värde som "
        "helhet (till exempel 'Hur stora var länets utsläpp per invånare 2024?'), lista "
        "kommunerna över eller under det ('Vilka kommuner har lägre utsläpp per invånare än "
        "länet?') eller rangordna dem.",
        "I do not compute means over municipalities. I can give the county's or Sweden's value "
        "as a whole (for example 'What were the county's emissions per capita in 2024?'), list "
        "the municipalities above or below it ('Which municipalities have lower emissions per "
        "capita than the county?') or rank them."),
}
