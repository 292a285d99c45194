"""Claims-aware link checking around lychee.

lychee does the HTTP work (concurrency, per-host limits, retries, Retry-After, cache); this
package adds what it cannot know: which claim and line each URL belongs to, which hosts are
known to refuse checkers, the archive rule, and reports editors can act on.

Modules, one concern each:

- ``gather``: every URL in the data file with its source, claims, field, line and column.
- ``policy``: the reviewed file of hosts that block checkers.
- ``lychee``: running lychee and reading its JSON output.
- ``outcomes``: every outcome (ok, dead, blocked, …) with how a run treats it, declared once.
- ``classify``: turning one lychee result into an outcome.
- ``changes``: the base version of the data file, for changed-URLs-only runs.
- ``checker``: the whole run, including the archive rule and the server-error re-check.
- ``report``: terminal table, JSON and GitHub renderings.

Web archives for the cited URLs (``claimsite archive``):

- ``wayback``: a polite client for the Wayback Machine's availability API and Save Page Now.
- ``archive``: the run: look up, capture, write ``archive_url``/``archive_date`` back in place
  (through ``claimsite.datafile.edits``).
- ``archive_report``: terminal lines and the Markdown table for the weekly pull request.
"""

DEFAULT_POLICY = "link-policy.yaml"
"""The policy file's usual place; here, not in ``policy``, so that the command line can show it
without importing the checker."""
