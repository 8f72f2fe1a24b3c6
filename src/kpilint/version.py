"""kpilint's version, in a module of its own: the reporters and the command line name it
without importing the package's public surface, and the build reads it from here."""

__version__ = "0.1.0"
