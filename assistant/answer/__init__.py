"""A question in, an `Answer` out: `answering.Assistant` reads the question, asks the figures
engine and the documents (`retrieving`, `composing`), lets the `arbiter` choose, checks the
documents' figures against the statistics (`consistency/`), and hands English questions the
Swedish words of the `glossary`. `press` turns an answer into a press statement."""
