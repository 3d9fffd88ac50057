"""Embed passages and find them again: FAISS (dense) + BM25 (keyword), persisted under the data dir."""
