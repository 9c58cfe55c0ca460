"""Front ends: the `citebrief` command and the Streamlit chat page. Thin: they call assistant and render."""
