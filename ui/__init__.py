"""The ways people use regqa: the Streamlit page and the `regqa` command line."""
