"""claimsite: a static explainer-site generator driven by one YAML file of claims."""

from claimsite.errors import DataFileError, Problem
from claimsite.loader import load_catalog, load_dataset

__all__ = ["DataFileError", "Problem", "load_catalog", "load_dataset"]
