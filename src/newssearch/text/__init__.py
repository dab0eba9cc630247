"""Pure functions on strings and positions: analysis (words -> terms), phrase positions, article dates."""
