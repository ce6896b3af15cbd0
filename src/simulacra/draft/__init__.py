"""From a sentence to a spec: ``draft("a dental clinic: 2,000 patients, ...")``.

The offline method composes the spec from a shipped catalogue of entity kinds
(``catalogue.yaml``: 93 kinds in 16 domains); with a language-model backend
(``simulacra.llm``) the model writes the YAML and repairs it from the loader's located
errors. ``review`` checks a draft's generated data for plausibility and repairs the spec
within bounds. See docs/draft.md.
"""

from simulacra.draft._catalogue import Catalogue, Kind, load_catalogue
from simulacra.draft._draft import (
    PROMPT_VERSION,
    Draft,
    check_spec_text,
    draft,
    extract_yaml,
    render_yaml,
    write_draft,
)

__all__ = [
    "PROMPT_VERSION",
    "Catalogue",
    "Draft",
    "Kind",
    "check_spec_text",
    "draft",
    "extract_yaml",
    "load_catalogue",
    "render_yaml",
    "write_draft",
]
