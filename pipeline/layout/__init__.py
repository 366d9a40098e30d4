"""Page layout analysis: characters, lines, columns, furniture, notes, tables."""
