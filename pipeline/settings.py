"""Run settings: one dataclass with defaults, `resolve()` and validation that names the bad setting."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GB = 1024 ** 3  # the unit of `max_memory`


@dataclass
class Settings:
    out: Path = Path("outputs")
    rules: Path | None = None  # a folder of user rule files added after the shipped ones
    model: Path | None = None  # the phase model file; None: the shipped models/phase.model
    force: bool = False  # re-process documents whose bytes have not changed
    strict: bool = False  # raise on the first bad document instead of recording it
    tables: bool = True  # run pdfplumber table extraction on pages that may hold tables
    extract: bool = True  # run the spaCy extractors (money, entities, technologies, ...) over the passages
    max_pages: int = 2000  # documents with more pages fail with `too_many_pages`
    timeout: float = 600.0  # seconds per document before it fails with `timeout`; 0 for no limit
    max_memory: float = 2.0  # GB of resident memory per worker before its document fails with `memory`; 0: none
    workers: int = 1  # documents processed in parallel, each worker a process with its own spaCy pipeline
    dask: str | None = None  # address of a Dask scheduler (tcp://host:8786) to send the documents to
    csv_safe: bool = False  # make the output folder's CSV files safe to open in a spreadsheet (pipeline/csvsafe.py)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        if self.model is not None:
            self.model = Path(self.model)
        if self.rules is not None:
            self.rules = Path(self.rules)
            if not self.rules.is_dir():
                raise ValueError(f"setting 'rules': {self.rules} is not a folder")
        if not isinstance(self.workers, int) or self.workers < 1:
            raise ValueError(f"setting 'workers' must be a positive whole number, not {self.workers!r}")
        if not isinstance(self.timeout, (int, float)) or self.timeout < 0:
            raise ValueError(f"setting 'timeout' must be a number of seconds >= 0, not {self.timeout!r}")
        if not isinstance(self.max_memory, (int, float)) or self.max_memory < 0:
            raise ValueError(f"setting 'max_memory' must be a number of GB >= 0, not {self.max_memory!r}")
        if not isinstance(self.max_pages, int) or self.max_pages < 1:
            raise ValueError(f"setting 'max_pages' must be a positive whole number, not {self.max_pages!r}")

    @classmethod
    def resolve(cls, value: "Settings | dict[str, Any] | None" = None, **overrides: Any) -> "Settings":
        """Settings from nothing, a dict (e.g. a TOML file's table) or an instance, then `overrides`."""
        if isinstance(value, Settings):
            base = dataclasses.asdict(value)
        else:
            base = dict(value or {})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(base) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        base.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**base)

    @property
    def rules_dir(self) -> str | None:
        """The user rules folder as the string the cached loaders key on (None: shipped rules only)."""
        return str(self.rules) if self.rules else None

    def as_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in d.items()}
