"""Search: a query plan and an engine snapshot -> ranked, collapsed, highlighted results."""
