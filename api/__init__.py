"""Answer questions with cited passages: the answerer, the pipeline and the FastAPI service."""
