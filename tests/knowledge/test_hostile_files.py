"""Outside files given to the knowledge loaders: any JSON as the store and any text as the glossary or
timeline is either loaded or refused with the loader's own one-line error, never a traceback."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_store_loader_turns_any_json_into_data_or_a_data_error(tmp_path_factory, document):
    from aco_tui.errors import DataError
    from aco_tui.knowledge.store import load_store

    path = tmp_path_factory.getbasetemp() / "arbitrary-store.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        load_store(path)
    except DataError as err:
        assert "\n" not in str(err)


@settings(max_examples=40, deadline=None)
@given(glossary=st.text(max_size=300), timeline=st.text(max_size=300))
def test_content_loader_takes_any_glossary_or_timeline_text(tmp_path_factory, glossary, timeline):
    from aco_tui.knowledge.content import load_content

    root = tmp_path_factory.getbasetemp() / "arbitrary-content"
    root.mkdir(exist_ok=True)
    head = "---\ntitle: t\norder: 1\nsummary: s\n---\n"
    (root / "glossary.md").write_text(head + glossary, encoding="utf-8", errors="surrogatepass")
    (root / "timeline.md").write_text(head + timeline, encoding="utf-8", errors="surrogatepass")
    try:
        content = load_content(root)
    except Exception as err:  # only the loader's own one-line errors are allowed
        from aco_tui.errors import DataError

        assert isinstance(err, DataError) and "\n" not in str(err), repr(err)
        return
    assert all(p.line >= 0 and "\n" not in p.message for p in content.problems)
