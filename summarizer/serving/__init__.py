"""Serving a trained summarizer: `python serve.py` (conf/serve.yaml). An HTTP API whose model endpoint LitServe
batches (concurrent requests decoded by one `generate` call), the URL mode's guarded fetching and article
extraction, and the Korean web page at `/` (static files in `static/`)."""
