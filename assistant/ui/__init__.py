"""The Streamlit pages: the chat (`chat`), the about and accessibility pages (`pages`), the
admin page (`admin/`), and `rendering`, the one place that makes document text inert in the
page. `export` writes an answer as a Markdown file with the same rules."""
