"""The way in: files on disk become searchable documents and checked statistics.

load (`loading/`, in the `sandbox` for untrusted formats) -> answer units and chunks (`units`,
`chunking`) -> embedded and stored (assistant/stores), run by the `ingestion/`. Statistics files
become checked releases (`datasets`) and profiles (`profiles`), switched all or nothing
(`releasing`). `uploads` brings outside files in, `maintenance` inventories and verifies.
Nothing here is imported by the package file, so a sandbox child imports only what it needs.
"""
