"""The admin page's statistics tab: a new release of a dataset, checked against its manifest
and switched all or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.config import Settings
from assistant.pipeline.ingestion import IngestReport
from assistant.reference import STATISTICS_DIR
from assistant.resources import Resources
from assistant.stores.statistics import DATASET_ID, Manifest, StatisticsError
from assistant.ui.admin.common import FileResult, finish_write, ingestor, nonce, upload_cap_mb
from assistant.ui.rendering import escape

DATA_SUFFIXES = ("csv", "xlsx")
MANIFEST_SUFFIXES = ("yaml", "yml")
UNIT_CHANGE_LABEL = "Enheten ändras avsiktligt"  # the CLI's --allow-unit-change


def render(settings: Settings) -> None:
    st.markdown(
        "Läs in en ny utgåva av ett dataset: en CSV- eller XLSX-fil och dess manifest. Filen "
        "kontrolleras mot manifestet innan något byts ut; är den felaktig gäller den gamla "
        "utgåvan.")
    datasets = {d.id: d for d in Resources(settings).stats.datasets()}
    run = nonce()
    choice = st.radio("Manifest", ("Ett befintligt dataset", "Ladda upp ett nytt manifest"),
                      horizontal=True, key=f"admin-stats-mode-{run}")
    dataset_id: str | None = None
    manifest_file = None
    if choice == "Ett befintligt dataset":
        dataset_id = st.selectbox(
            "Dataset", list(datasets), index=None, placeholder="Välj ett dataset",
            format_func=lambda d: f"{datasets[d].title} – {datasets[d].release}",
            key=f"admin-stats-dataset-{run}")
    else:
        manifest_file = st.file_uploader("Manifest (YAML)", type=list(MANIFEST_SUFFIXES),
                                         key=f"admin-stats-manifest-{run}")
    data_file = st.file_uploader("Data (CSV eller XLSX)", type=list(DATA_SUFFIXES),
                                 max_upload_size=upload_cap_mb(settings),
                                 key=f"admin-stats-data-{run}")
    allow_unit_change = st.checkbox(
        UNIT_CHANGE_LABEL, key=f"admin-stats-unit-{run}",
        help="Kryssa bara i när den nya utgåvan avsiktligt anger sina värden i en annan enhet "
             "än den inlästa (t.ex. kt i stället för t). Annars avvisas en ändrad enhet.")
    ready = data_file is not None and (dataset_id is not None or manifest_file is not None)
    if st.button("Läs in utgåvan", key=f"admin-stats-go-{run}", disabled=not ready):
        _load_release(settings, data_file, dataset_id, manifest_file, allow_unit_change)


def _load_release(settings: Settings, data_file: Any, dataset_id: str | None,
                  manifest_file: Any, allow_unit_change: bool = False) -> None:
    suffix = Path(data_file.name).suffix.lower().lstrip(".")
    with tempfile.TemporaryDirectory(prefix="klimat-stats-") as tmp:
        try:
            if suffix not in DATA_SUFFIXES:
                raise StatisticsError("Statistiken måste vara en CSV- eller XLSX-fil.")
            manifest_path = _manifest_path(settings, Path(tmp), dataset_id, manifest_file)
        except StatisticsError as e:
            st.error(f"{escape(e.user_message)} Den gamla utgåvan gäller.")
            return
        dataset_id = manifest_path.name.removesuffix(".manifest.yaml")
        # Named after the dataset, never after the uploaded file (load_statistics checks it).
        data_path = Path(tmp) / f"{dataset_id}.{suffix}"
        data_path.write_bytes(data_file.getvalue())
        with st.spinner("Kontrollerar och läser in statistiken …"):
            report = ingestor(settings).load_statistics(data_path, manifest_path,
                                                         allow_unit_change=allow_unit_change)
    result = _release_result(report, dataset_id, data_file.name)
    finish_write([result], "Den nya utgåvan är inläst." if not result.failed else
                  "Utgåvan lästes inte in; den gamla utgåvan gäller.")


def _manifest_path(settings: Settings, tmp: Path, dataset_id: str | None,
                   manifest_file: Any) -> Path:
    """The chosen dataset's manifest in the knowledge folder, or the uploaded one checked and
    written to `tmp` under its own id. Raises StatisticsError with a Swedish message."""
    if manifest_file is None:
        if dataset_id is None or not DATASET_ID.match(dataset_id):
            raise StatisticsError("Välj ett dataset.")
        current = settings.knowledge_dir / STATISTICS_DIR / f"{dataset_id}.manifest.yaml"
        if not current.is_file():
            raise StatisticsError(f"Manifestet för {dataset_id} finns inte i kunskapsmappen "
                                  f"({STATISTICS_DIR}/{dataset_id}.manifest.yaml). Ladda upp "
                                  "manifestet i stället.")
        # A copy: the release is installed over the folder's own manifest.
        path = tmp / current.name
        path.write_bytes(current.read_bytes())
        return path
    data = manifest_file.getvalue()
    if not data:
        raise StatisticsError("Manifestet är tomt.")
    # The same limits as a manifest in the knowledge folder; every problem names its field.
    manifest = Manifest.from_text(data, origin="Manifestet")
    path = tmp / f"{manifest.id}.manifest.yaml"
    path.write_bytes(data)
    return path


def _release_result(report: IngestReport, dataset_id: str, name: str) -> FileResult:
    loaded = [d for d in report.datasets if d.dataset_id == dataset_id]
    if loaded and loaded[0].status == "loaded" and not report.failures:
        return FileResult(name, "Inläst", loaded[0].message)
    if loaded and loaded[0].status == "unchanged" and not report.failures:
        return FileResult(name, "Oförändrad", "Samma utgåva fanns redan.")
    reasons = [f.message for f in report.failures] or [d.message for d in loaded]
    return FileResult(name, "Misslyckades", " ".join(reasons) or "Statistiken lästes inte in.")
