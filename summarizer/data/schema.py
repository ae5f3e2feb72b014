"""Typed settings of data cleaning, quality filters and the data report (`data.cleaning`, `data.filters`,
`data.report`), defaults here only: `DataConfig` (summarizer/config.py) embeds these dataclasses, so every
`conf/data/*.yaml` gets them and a misspelt key fails when the config is composed. No heavy imports (config uses it).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CleaningConfig:
    """Text cleaning, applied to documents and summaries of every split (each step can be switched off)."""

    # Unicode NFC: NFD Hangul (macOS files) would otherwise tokenize as loose jamo.
    nfc: bool = True
    # HTML tags (<br>, <p class=..>, <script>...</script>) and entities (&quot; &amp; &#39;). Korean titles
    # in angle brackets (<기생충>) are not tags and stay.
    html: bool = True
    # C0/C1 control characters and invisible format characters (zero-width space, BOM, soft hyphen).
    control_characters: bool = True
    # Runs of whitespace (incl. no-break and ideographic spaces) become one space; outer whitespace goes.
    whitespace: bool = True
    # With `whitespace`: keep line breaks (runs of them become one "\n") instead of turning them into spaces.
    keep_newlines: bool = False
    # At the end of a news article: reporter bylines (홍길동 기자), e-mail addresses, copyright trailers.
    bylines: bool = True
    # At the start of a news article: "(서울=연합뉴스) 홍길동 기자 = ", "[서울경제] " (outlet names only: section
    # tags such as "[단독]" stay).
    datelines: bool = True


@dataclass
class FiltersConfig:
    """Quality filters. Each is off when its bound is null (or false); every drop is counted per filter.

    Empty documents and summaries are dropped in every split (they cannot be trained on or scored); the
    other filters run on the splits in `apply_to` only, so evaluation data stays comparable unless asked.
    """

    apply_to: list[str] = field(default_factory=lambda: ["train"])
    # Lengths in characters, after cleaning.
    min_document_chars: int | None = None
    max_document_chars: int | None = None
    min_summary_chars: int | None = None
    max_summary_chars: int | None = None
    # Lengths in model tokens (as the model sees them: prefix and special tokens included); applied after
    # tokenization by `prepare_features`.
    min_document_tokens: int | None = None
    max_document_tokens: int | None = None
    min_summary_tokens: int | None = None
    max_summary_tokens: int | None = None
    # Compression ratio = document characters / summary characters. The default minimum of 1.0 drops
    # summaries longer than their documents.
    min_compression_ratio: float | None = 1.0
    max_compression_ratio: float | None = None
    # Drop summaries in which a word n-gram (words = whitespace-separated eojeol) occurs more than
    # `max_ngram_repeats` times: degenerate, looping references.
    ngram_size: int = 3
    max_ngram_repeats: int | None = 2
    # Drop texts in which one word makes up more than this share of the words (ㅋㅋ ㅋㅋ ..., keyword
    # stuffing); only texts of at least `token_share_min_words` words are judged.
    max_token_share: float | None = 0.3
    token_share_min_words: int = 20
    # Regular expressions (Python `re`, searched) of low-quality text; a match in a field drops the example.
    patterns: list[str] = field(default_factory=list)
    pattern_fields: list[str] = field(default_factory=lambda: ["document", "summary"])
    # Exact duplicates within a split, by `duplicate_key` (document | pair); the first occurrence stays.
    drop_duplicates: bool = True
    duplicate_key: str = "document"
    # Drop training examples whose document (after cleaning) also appears in the kept validation or test
    # examples; applies to the training split whatever `apply_to` says, and never drops evaluation data.
    drop_leakage: bool = True


@dataclass
class DataReportConfig:
    """What the data report measures beyond counts and lengths."""

    # Lead-k baseline ROUGE (Kiwi morphemes) on up to `lead_examples` evenly spaced examples per split;
    # 0 skips it (Kiwi costs ~1 s to load and a few ms per document).
    lead_k: int = 3
    lead_examples: int = 250
