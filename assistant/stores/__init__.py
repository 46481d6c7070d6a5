"""What is kept: the vector store (`vectors`, with the embedding model of `embeddings`), the
statistics (`statistics/`) and the audit log (`audit`). Stores know nothing of how documents
are loaded or questions answered; a second backend (e.g. PostgreSQL for the shared state)
replaces one module behind the same methods."""
