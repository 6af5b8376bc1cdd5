"""pytest configuration shared by the unit tests and nbval.

nbval compares the text outputs of every notebook strictly. Representations that are
volatile by nature are excluded here — not by switching to ``--nbval-lax``:

* ``application/vnd.plotly.v1+json`` — the plotly figure spec (floating-point noise,
  plotly.js version);
* ``text/html`` — figure divs and pandas' HTML tables (scripts, embedded PNG);
* ``image/png`` — rendered by a browser, varies with its version and fonts.

Each figure also has a ``text/plain`` caption, and each table its ``text/plain`` form,
which *are* compared.

The five source documents are not in the repository (see ``netlib.cases.sources``). Tests that
read them carry the ``requires_sources`` marker, and nbval's cells of the notebooks in
``SOURCE_NOTEBOOKS`` compare outputs made with them; when the texts are absent all of these
are skipped with one reason (``netlib.cases.sources.unavailable_reason()``), or fail with it when
``NETLIB_REQUIRE_SOURCES=1`` (as CI sets).
"""

import pytest

VOLATILE_MIME = (
    "application/vnd.plotly.v1+json",
    "text/html",
    "image/png",
    "application/javascript",
)


def pytest_collectstart(collector):
    if getattr(collector, "fspath", None) and collector.fspath.ext == ".ipynb":
        collector.skip_compare = tuple(collector.skip_compare) + VOLATILE_MIME


SOURCE_NOTEBOOKS = {"00_sources.ipynb"}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "requires_sources: reads the five source documents ($NETLIB_SOURCES); skipped when "
        "they are absent, a failure when NETLIB_REQUIRE_SOURCES=1",
    )


def _needs_sources(item) -> bool:
    return (item.get_closest_marker("requires_sources") is not None
            or item.path.name in SOURCE_NOTEBOOKS)


def pytest_collection_modifyitems(config, items):
    from netlib.cases import sources

    if sources.available() or sources.required():
        return
    skip = pytest.mark.skip(reason=sources.unavailable_reason())
    for item in items:
        if _needs_sources(item):
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    from netlib.cases import sources

    if _needs_sources(item) and sources.required() and not sources.available():
        pytest.fail(f"{sources.unavailable_reason()} [{sources.REQUIRE_ENV}=1: absence is a "
                    "failure]", pytrace=False)
