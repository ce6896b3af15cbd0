"""The package version: one place, imported by whatever records it (manifests, reports, the CLI).

Its own module so that nothing below the package root has to import the root for it.
"""

__version__ = "0.1.0"
