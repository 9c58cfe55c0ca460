"""One reader per file type, each giving the file as printed: an ingest.layout.Layout."""
