"""Everything Streamlit, and nothing else imports it: the app shell, one module per page's
state and widgets, and widgets several pages share. The pages call these; the arithmetic
lives in the plain library."""
