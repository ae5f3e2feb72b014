"""Analysis of finished runs from their directories: tables, comparisons, figures; what notebooks/ call. Nothing
heavy is imported here: matplotlib loads with `figures`, transformers only for token lengths."""
