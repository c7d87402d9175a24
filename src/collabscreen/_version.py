"""The package version, in one place (read by hatchling at build time and by ``collabscreen.__version__``)."""

__version__ = "0.2.0"
