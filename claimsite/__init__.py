"""claimsite: a static explainer-site generator driven by one YAML file of claims.

The package is laid out by pipeline stage: ``datafile`` (read, parse, validate), ``render``
(templates, directives, charts), ``outputs`` (machine files and head tags), ``links`` (the
link check), and the adapters: ``cli`` and ``mkdocs_hooks``, the only module that imports
MkDocs. The package imports nothing on its own, so ``claimsite --help`` stays fast.
"""
