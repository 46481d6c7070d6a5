"""The information pages: what the service is and does (about), and the accessibility
statement the law (2018:1937) requires."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from assistant.config import get_settings
from assistant.ui.shared import shared_assistant

log = logging.getLogger(__name__)


def run_about_page() -> None:
    st.title("Om Klimatassistenten")
    st.markdown(
        "Klimatassistenten är en **AI-assistent** (ett datorprogram, inte en människa) som "
        "Klimatkansliet i Region Stockholm tillhandahåller för kommunernas klimatarbete.\n\n"
        "**Vad den gör.** Den söker i en kunskapsbas med dokument om Region Stockholms och "
        "länets klimatarbete och citerar de stycken som svarar på frågan. Sifferfrågor om "
        "utsläpp, laddpunkter, cykelnät och liknande besvaras med värden som räknas fram ur "
        "den lagrade statistiken, med metod, indata och datautgåva.\n\n"
        "**Vad den inte gör.** Den hittar inte på svar: när kunskapsbasen saknar svar säger den "
        "det. Den ger inga juridiska, ekonomiska eller medicinska råd, och den vet inget om "
        "händelser efter dokumentens och statistikens datum. Ingen språkmodell används om "
        "inte förvaltningen har kopplat in en; då kontrolleras modellens text mot källorna och "
        "de beräknade siffrorna innan den visas.\n\n"
        "**Dina frågor.** Frågor och svar loggas för att förbättra tjänsten, med e-post, "
        "telefonnummer, personnummer och namn borttagna, och raderas efter "
        f"{get_settings().audit_retention_days} dagar. Skriv inga personuppgifter i frågorna."
    )
    st.header("Vad kunskapsbasen innehåller")
    try:
        inventory = shared_assistant().inventory()
    except Exception:
        log.error("inventory failed", exc_info=True)
        st.warning("Kunskapsbasen kunde inte läsas just nu.")
        return
    datasets = pd.DataFrame([{"Dataset": d.title, "Utgåva": d.release,
                              "Källa": d.source_organisation, "Inläst": d.loaded_at[:10]}
                             for d in inventory["datasets"]])
    st.dataframe(datasets, hide_index=True)
    documents = pd.DataFrame([{"Dokument": d.title, "Typ": d.doc_type}
                              for d in sorted(inventory["documents"], key=lambda d: d.title)])
    st.dataframe(documents, hide_index=True)


def run_accessibility_page() -> None:
    st.title("Tillgänglighetsredogörelse")
    st.markdown(
        "Region Stockholm står bakom Klimatassistenten och vill att så många som möjligt ska "
        "kunna använda den. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) om "
        "tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera "
        "problem.\n\n"
        "**Hur tillgänglig är tjänsten?** Tjänsten är delvis förenlig med WCAG 2.1 nivå AA. "
        "Den testas automatiskt med axe-core i en riktig webbläsare och kan användas med enbart "
        "tangentbord: Tabb flyttar mellan exempelfrågor, frågefält, källor och knappar, och "
        "Enter skickar en fråga och öppnar en källa. Första Tabb ger länken ”Skip to main "
        "content”, som hoppar förbi sidomenyn till chatten.\n\n"
        "**Kända brister.** De flesta finns i ramverket Streamlit, som tjänsten byggs med, och "
        "kan inte rättas i tjänsten själv.\n"
        "- Tangenten R ensam kör om sidan när fokus inte står i ett textfält, och det går inte "
        "att stänga av (WCAG 2.1.4). Samtalet finns kvar efter omkörningen.\n"
        "- Några inbyggda texter är på engelska och går inte att översätta (WCAG 3.1.2): länken "
        "”Skip to main content”, ”Link to heading” vid rubrikerna, menyknappen ”Main menu”, "
        "knappen ”Copy to clipboard” vid pressuttalandet och, på administrationssidan, "
        "knappen ”Upload” och texten om största filstorlek vid filuppladdning.\n"
        "- Sidans språk anges som engelska tills sidan har laddats; sedan sätter ett skript det "
        "till svenska.\n"
        "- Reglaget ”Visa pressuttalande” har i avslaget läge låg kontrast mot bakgrunden "
        "(cirka 1,6:1, WCAG 1.4.11 kräver 3:1). Skärmläsare läser upp om det är på eller av.\n"
        "- På administrationssidan har ytan för att släppa filer en etikett som skärmläsare kan "
        "hoppa över; knappen ”Upload” bredvid fungerar.\n"
        "- Diagram har en kort beskrivning för skärmläsare men är svåra att läsa punkt för "
        "punkt; samma värden finns alltid i tabellen under ”Siffrorna, indata och metod”.\n\n"
        "**Rapportera brister.** Kontakta Klimatkansliet i Region Stockholm om du upptäcker "
        "problem som inte beskrivs här. Om du inte är nöjd med hur vi hanterar dina synpunkter "
        "kan du kontakta Myndigheten för digital förvaltning (Digg), som är tillsynsmyndighet."
    )
