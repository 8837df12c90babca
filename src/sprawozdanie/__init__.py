"""Reproducible annual report on family support for a Polish municipality."""

__version__ = "0.1.0"
