"""The example notebook in docs/ runs, top to bottom, in a real kernel: it never rots."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebook.ipynb"


@pytest.mark.slow
def test_the_example_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import nbclient
    import nbformat

    import ach

    # the kernel imports the very ach under test (a relative PYTHONPATH would not follow it
    # into the scratch folder it starts in)
    src = str(Path(ach.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel starts in a scratch folder: the notebook writes nothing anywhere
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    html = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    # the ranking, the tornado, the timeline, the leads and the two comparisons show as HTML
    assert len(html) == 6
    case = ach.load_case("havza-negotiator")
    for h in case.hypotheses:
        assert escape(h.label) in html[0]
    restated = {i.repeats for i in case.items}
    top = next(i.id for i in ach.sensitivity(case).top_items(5) if i.id not in restated)
    assert f">{top}<" in html[1]
    assert all(f">{lead.id}<" in html[3] for lead in ach.leads(case).leads)
    assert ">E90<" in html[4] and f">{top}<" in html[5]
    printed = notebook.cells[-1].outputs[0]["text"]
    assert printed.startswith("evidence/E42.yaml: source: 'nobody' is not a source id")
