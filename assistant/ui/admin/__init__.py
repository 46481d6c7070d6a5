"""The admin page (`page.run_admin_page`), one module per tab, the login and what tabs share."""
