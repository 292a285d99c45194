"""claimsite: a static explainer-site generator driven by one YAML file of claims.

The package imports nothing on its own: ``claimsite.loader.load_catalog`` is the entry point
for library use, and the command line imports only what the chosen command needs.
"""
