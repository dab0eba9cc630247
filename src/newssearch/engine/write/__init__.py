"""Writing segments in Whoosh's format with less Python per posting."""
