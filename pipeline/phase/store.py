"""The model file: one line of JSON metadata, then the pickled scikit-learn Pipeline.

The header is read and checked before anything is unpickled: the file format version, the scikit-learn version
the model was made with (a pickle from another minor version may load and then misbehave), and the SHA-256 of
the pickled bytes. Pickles can run code when loaded, so load only model files you trust.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from importlib.metadata import version
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.phase.model import PhaseModel

MAGIC = "policy-pdf-pipeline phase model"
FORMAT_VERSION = 1
MAX_HEADER = 1 << 16


class ModelError(PipelineError):
    """A model file that cannot be used; the one-line message says why and what to do."""


def save_model(model: PhaseModel, path: str | Path) -> PhaseModel:
    """Write `model` to `path` (header line + pickle) and set its version from the pickled bytes."""
    for step in model.pipeline.get_params(deep=True).values():
        # scikit-learn's vectorizers cache id(stop_words), which differs between runs: the same model would
        # otherwise never give the same bytes. Without the cache the stop words are simply checked again.
        if hasattr(step, "_stop_words_id"):
            del step._stop_words_id
    payload = pickle.dumps(model.pipeline, protocol=5)
    digest = hashlib.sha256(payload).hexdigest()
    meta = {k: v for k, v in model.meta.items() if k not in ("magic", "format", "sklearn", "sha256", "version")}
    header = {"magic": MAGIC, "format": FORMAT_VERSION, "sklearn": version("scikit-learn"), "sha256": digest,
              "version": f"phase-{FORMAT_VERSION}-{digest[:12]}", **meta}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + payload)
    model.meta = header
    return model


def read_header(path: str | Path) -> dict:
    """The metadata line of a model file, checked for the magic string and the format version.

    Raises:
        ModelError: the file is missing, not a phase model, or of another format version.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            line = fh.readline(MAX_HEADER)
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc.strerror}); "
                         "train one with `pipeline train phase`") from exc
    try:
        header = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("magic") != MAGIC:
        raise ModelError(f"{path}: not a phase model file (no '{MAGIC}' header)")
    if header.get("format") != FORMAT_VERSION:
        raise ModelError(f"{path}: model file format {header.get('format')}, this pipeline reads format "
                         f"{FORMAT_VERSION}; retrain with `pipeline train phase`")
    return header


def check_model(path: str | Path) -> tuple[dict, bytes]:
    """The header and the pickled bytes of the model file at `path`, checked without unpickling them (which
    imports scikit-learn): header, scikit-learn version and checksum.

    Raises:
        ModelError: the file is missing, not a phase model, of another format, made with another scikit-learn
            major.minor version, or damaged.
    """
    path = Path(path)
    header = read_header(path)
    made, have = header.get("sklearn", "?"), version("scikit-learn")
    if _minor(made) != _minor(have):
        raise ModelError(f"{path}: made with scikit-learn {made}, but {have} is installed; retrain with "
                         f"`pipeline train phase` or install scikit-learn {_minor(made)}.x")
    payload = path.read_bytes().split(b"\n", 1)[1]
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise ModelError(f"{path}: the model file is damaged (checksum mismatch); retrain with `pipeline train phase`")
    return header, payload


def load_model(path: str | Path) -> PhaseModel:
    """The model saved at `path`, after `check_model`.

    Raises:
        ModelError: as `check_model`, or when the pickle cannot be rebuilt by the installed code.
    """
    header, payload = check_model(path)
    try:
        pipeline = pickle.loads(payload)
    except Exception as exc:  # a pickle that the installed code cannot rebuild fails in many ways
        raise ModelError(f"{path}: cannot load the model ({type(exc).__name__}: {exc}); "
                         "retrain with `pipeline train phase`") from exc
    return PhaseModel(pipeline, header)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])
