"""The page files Streamlit runs (a package only so that import-linter can check them)."""
