"""pytest configuration shared by the unit tests and nbval.

nbval compares the text outputs of every notebook strictly. Representations that are
volatile by nature are excluded here — not by switching to ``--nbval-lax``:

* ``application/vnd.plotly.v1+json`` — the plotly figure spec (floating-point noise,
  plotly.js version);
* ``text/html`` — figure divs and pandas' HTML tables (scripts, embedded PNG);
* ``image/png`` — rendered by a browser, varies with its version and fonts.

Each figure also has a ``text/plain`` caption, and each table its ``text/plain`` form,
which *are* compared.
"""

VOLATILE_MIME = (
    "application/vnd.plotly.v1+json",
    "text/html",
    "image/png",
    "application/javascript",
)


def pytest_collectstart(collector):
    if getattr(collector, "fspath", None) and collector.fspath.ext == ".ipynb":
        collector.skip_compare = tuple(collector.skip_compare) + VOLATILE_MIME
