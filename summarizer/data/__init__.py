"""Data: sources, cleaning, quality filters, tokenization and the data report (entry point: `loading.load_data`)."""
