"""One site build, whichever engine runs it.

:mod:`claimsite.build.site` turns a site's settings into everything the engine adds: the
navigation, the generated pages, the machine files, the expanded hand-written pages and the
head tags. The MkDocs hooks (:mod:`claimsite.mkdocs_hooks`) call it event by event;
:mod:`claimsite.build.generate` calls it once and writes the result out as a plain Markdown
site that engines without hooks (Zensical) can build. This layer sits above ``outputs`` and
below the adapters, and imports no site engine.
"""
