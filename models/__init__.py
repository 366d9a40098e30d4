"""Trained models shipped with the pipeline, installed as the package data of `pipeline.models`."""
