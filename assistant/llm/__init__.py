"""The optional language model: it rephrases a verified answer (`rewrite`) or reads a hard
question through typed tools (`tools`), and every text it writes is checked by the `guard`.
It reaches the assistant only through the small `tools.Tools` protocol, so nothing here
imports the answering package."""
