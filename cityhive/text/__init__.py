"""Text analysis both engines share: tokens, stems, stop words, language detection (no Django)."""
