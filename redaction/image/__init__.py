"""Screenshot redaction: OCR, fail-closed masking, incremental re-reading."""
