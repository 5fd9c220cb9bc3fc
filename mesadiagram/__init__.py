"""mesadiagram: a desktop editor for causal threat models."""

__version__ = "0.1.0"
