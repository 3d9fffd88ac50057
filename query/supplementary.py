"""A law's supplementary provisions (附則; "Supplementary Provisions", Korea's "Addenda"), read
from a provision's path and text. Pure.

They say when the law itself takes effect (施行期日) and how it replaces the old law: their
periods are no deadline on those the law governs, and the one that says when the law takes
effect answers a question asking so. Ingest gives them paths of their own: `suppl/...` for the
law's original supplementary provisions, `suppl-amend-N/...` for those of the acts that amended
it (each with its own commencement date, which is not the law's). A chapter's title says less:
Korea's main text has a chapter titled "Supplementary Provisions" (보칙, general rules).
"""

from __future__ import annotations

import re

# "This Act shall enter into force ...", "This Act comes into effect on ...", 「この法律は、…施行する。」:
# the law as the subject, not a transitional clause that mentions its entry into force ("... before
# this Act enters into force")
_COMMENCES = re.compile(
    r"^\s*(?:\(\d+\)\s*)?(?:This|These|The) (?:Act|Law|Measures|Regulations?)\b[^.;]{0,30}?"
    r"\b(?:(?:shall )?(?:comes? into (?:effect|force)|takes? effect|enters? into force))"
    r"|^\s*この法律は、[^。]{0,80}?施行する", re.IGNORECASE)


def supplementary(path: str) -> bool:
    """The provision is one of the supplementary provisions, the law's own or an amending act's."""
    return path.startswith("suppl")


def says_when_in_effect(path: str, text: str) -> bool:
    """The law's own supplementary provision that says when it takes effect (施行期日): not an
    amending act's, whose date is the amendment's."""
    return (path == "suppl" or path.startswith("suppl/")) and bool(_COMMENCES.search(text))
