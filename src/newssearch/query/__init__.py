"""The query language: a string -> a syntax tree -> an analysed, engine-neutral plan. No Whoosh here."""
