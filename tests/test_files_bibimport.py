"""``ach sources import CASE FILE.bib``: entries become sources citing them by key, their text
copied into references.bib as written; what the case has already is skipped and said, so a
second import changes no byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app
from ach.workspace.bibimport import source_id

from tests.conftest import CaseMaker, snapshot, source

runner = CliRunner()

TURKISH = """@book{Çebesoy:1953,
  author    = {Cebesoy, Ali Fuat},
  title     = {Milli {M}ücadele Hatıraları: İstiklâl Harbi},
  year      = {1953},
  address   = {İstanbul},
  doi       = {10.1234/ÇEB.1953},
}"""
RUSSIAN = """@article{svanidze2007,
  author  = "Сванидзе, Николай",
  title   = {Грузия и Турция в 1919 году: {Ш}алва Элиава},
  journal = {Вопросы истории},
  year    = 2007,
}"""
GEORGIAN = """@letter{eliava-letter,
  author = {ელიავა, შალვა},
  title  = {წერილი {ანკარიდან}},
  date   = {1920-05},
}"""
EXPORT = f"% exported by Zotero\n\n{TURKISH}\n\n{RUSSIAN}\n\n{GEORGIAN}\n"


@pytest.fixture
def case(make_case: CaseMaker, tmp_path: Path) -> Path:
    folder = make_case(sources=[source("witness", "C")])
    (folder / "references.bib").write_text("% our bibliography\n", encoding="utf-8")
    return folder


def import_bib(case: Path, text: str, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    bib = tmp_path / "export.bib"
    bib.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["sources", "import", str(case), str(bib), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_keys_become_ids_by_the_id_rule() -> None:
    assert source_id("Çebesoy:1953") == "cebesoy-1953"
    assert source_id("Işık_2001b") == "isik-2001b"
    assert source_id("svanidze2007") == "svanidze2007"
    assert source_id("Сванидзе") == "source"  # nothing Latin left: a placeholder


def test_turkish_russian_and_georgian_entries_import_with_their_text_intact(
    case: Path, tmp_path: Path
) -> None:
    code, stdout, _ = import_bib(case, EXPORT, tmp_path)
    assert code == 0, stdout
    assert stdout.splitlines()[:4] == [
        "added source cebesoy-1953 (id from the key Çebesoy:1953), kind scholarship",
        "added source svanidze2007, kind scholarship",
        "added source eliava-letter, kind letter",
        "export.bib: 3 source(s) added, 0 skipped",
    ]
    bib = (case / "references.bib").read_text(encoding="utf-8")
    assert bib.startswith("% our bibliography\n")
    for entry in (TURKISH, RUSSIAN, GEORGIAN):
        assert entry in bib  # byte for byte, braces and all
    loaded = ach.load_case(case)
    assert loaded.bib["Çebesoy:1953"]["title"] == "Milli {M}ücadele Hatıraları: İstiklâl Harbi"
    assert loaded.bib["svanidze2007"]["author"] == "Сванидзе, Николай"
    assert loaded.bib["eliava-letter"]["title"] == "წერილი {ანკარიდან}"
    new = loaded.source_by_id["cebesoy-1953"]
    assert (new.bib, new.kind, new.reliability, new.year) == (
        "Çebesoy:1953",
        "scholarship",
        "F",
        1953,
    )
    assert new.notes == "Imported from export.bib; grade it (A-E) and say why."
    assert loaded.source_by_id["eliava-letter"].year == 1920
    assert loaded.source_by_id["svanidze2007"].year == 2007


def test_importing_the_same_file_again_changes_nothing(case: Path, tmp_path: Path) -> None:
    assert import_bib(case, EXPORT, tmp_path)[0] == 0
    before = snapshot(case)
    code, stdout, _ = import_bib(case, EXPORT, tmp_path)
    assert code == 0
    assert stdout.splitlines() == [
        "skipped Çebesoy:1953: the same key: already source cebesoy-1953",
        "skipped svanidze2007: the same key: already source svanidze2007",
        "skipped eliava-letter: the same key: already source eliava-letter",
        "export.bib: 0 source(s) added, 3 skipped",
    ]
    assert snapshot(case) == before


def test_the_same_work_under_another_key_is_skipped_by_doi_or_title_and_year(
    case: Path, tmp_path: Path
) -> None:
    assert import_bib(case, EXPORT, tmp_path)[0] == 0
    before = snapshot(case)
    again = (
        "@book{cebesoy-memoirs, title={Milli Mücadele Hatıraları}, year={1953},"
        " doi={https://doi.org/10.1234/çeb.1953}}\n"
        "@article{other, title={GRUZIYA}, year=2007}\n"
        "@article{svanidze-b, title={Грузия и  Турция в 1919 году: Шалва Элиава.}, year={2007}}\n"
    )
    code, stdout, _ = import_bib(case, again, tmp_path)
    assert code == 0
    assert stdout.splitlines()[0] == (
        "skipped cebesoy-memoirs: the same DOI as Çebesoy:1953: already source cebesoy-1953"
    )
    assert stdout.splitlines()[1] == "added source other, kind scholarship"
    assert stdout.splitlines()[2] == (
        "skipped svanidze-b: the same title and year as svanidze2007: already source svanidze2007"
    )
    assert snapshot(case) != before and "@article{other," in (case / "references.bib").read_text()


def test_kind_and_grade_can_be_given_and_a_taken_id_gets_a_suffix(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = make_case(sources=[source("cebesoy-1953", "B")])
    code, stdout, _ = import_bib(
        folder, TURKISH, tmp_path, "--kind", "memoir", "--reliability", "C"
    )
    assert code == 0
    assert (
        stdout.splitlines()[0]
        == "added source cebesoy-1953-2 (id from the key Çebesoy:1953), kind memoir"
    )
    added = ach.load_case(folder).source_by_id["cebesoy-1953-2"]
    assert (added.kind, added.reliability) == ("memoir", "C")
    assert (folder / "references.bib").read_text(encoding="utf-8") == TURKISH + "\n"


@pytest.mark.parametrize(
    ("text", "extra", "message"),
    [
        ("@book{broken, title={unclosed}\n", (), "export.bib: cannot parse an entry (line 1)"),
        (TURKISH, ("--kind", "novel"), "sources.yaml: cebesoy-1953.kind: "),
        (
            TURKISH,
            ("--reliability", "Z"),
            "sources.yaml: cebesoy-1953.reliability: 'Z' is not a grade",
        ),
    ],
)
def test_a_refused_import_changes_no_byte(
    case: Path, tmp_path: Path, text: str, extra: tuple[str, ...], message: str
) -> None:
    before = snapshot(case)
    code, stdout, stderr = import_bib(case, text, tmp_path, *extra)
    assert code == 1 and stdout == ""
    assert stderr.startswith(message), stderr
    assert snapshot(case) == before


def test_the_bundled_case_is_refused_unchanged(tmp_path: Path) -> None:
    bundled = ach.load_case("havza-negotiator").root
    before = snapshot(bundled)
    code, _, stderr = import_bib(Path("havza-negotiator"), EXPORT, tmp_path)
    assert code == 1 and "bundled with ach" in stderr
    assert snapshot(bundled) == before


def test_many_entries_are_appended_after_every_existing_byte(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = make_case()
    (folder / "sources.yaml").write_text("# none yet\n[]\n", encoding="utf-8")
    entries = "".join(
        f"@book{{k{i}, title={{Kitap {i}}}, year={{19{i:02d}}}}}\n" for i in range(30)
    )
    code, _, _ = import_bib(folder, entries, tmp_path)
    assert code == 0
    assert [s.id for s in ach.load_case(folder).sources] == [f"k{i}" for i in range(30)]
    existing = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert existing.startswith("# none yet\n")
    more = "".join(f"@book{{m{i}, title={{Başka {i}}}, year={{20{i:02d}}}}}\n" for i in range(30))
    assert import_bib(folder, more, tmp_path)[0] == 0
    assert (folder / "sources.yaml").read_text(encoding="utf-8").startswith(existing)
    assert len(ach.load_case(folder).sources) == 60
