"""Helper modules of scripts/gen_corpus.py."""
