"""The lines that label a figure or a table from outside: its caption ("Figure 2: ...") and its source line."""
from __future__ import annotations

import re

CAPTION_RE = re.compile(r"^(Figure|Fig\.|Chart|Exhibit|Graph|Map|Box|Table)\s+(\d+(?:\.\d+)?|[A-Z])\s*(?:[:.\u2013\u2014-]\s*|$)",
                        re.I)
SOURCE_RE = re.compile(r"^(Sources?|Notes?)\s*:", re.I)
