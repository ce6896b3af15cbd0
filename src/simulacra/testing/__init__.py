"""Conformance checks, assertions and hypothesis strategies, shipped for extensions and their tests.

* ``check_sink(make_sink, read_back)``: the Sink contract (lifecycle, nothing visible before close,
  nothing left after abort, schemas and manifest kept) for a sink factory.
* ``check_metric(metric)``: the Metric contract (declarations, scores in [0, 1] or an error, never
  NaN or a crash, real-vs-itself scoring best for fidelity metrics).
* ``check_synthesizer(synthesizer)``: the single-table synthesizer contract (parameters, clone,
  fit/sample shape, seeds, determinism, save/load) for any ``BaseSynthesizer``.
* ``check_recognizer(recognizer, examples)``: the de-identification Recognizer contract (labels, spans
  inside the text, determinism, examples found; plugged into a Deidentifier, NER stays on).
* ``assert_referential_integrity(plan_or_spec, frames)``: keys unique, every foreign key finds its parent.
* ``simulacra.testing.strategies``: hypothesis strategies (random relational specs, frames); hypothesis
  is imported only there, as it is a development dependency.
"""

from simulacra.testing._assertions import assert_referential_integrity
from simulacra.testing._metrics import check_metric
from simulacra.testing._recognizers import check_recognizer
from simulacra.testing._sinks import check_sink
from simulacra.testing._synthesizers import check_synthesizer

__all__ = ["assert_referential_integrity", "check_metric", "check_recognizer", "check_sink", "check_synthesizer"]
