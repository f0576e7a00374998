"""Hostile import files: every cell of a valid file replaced by what a careless or
malicious export contains. The import answers with row errors or imports; it never
crashes and never writes half a file."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.models import Dossier, DossierImport
from motcua.dossiers.services.importing import ImportRejected, dossier_import
from motcua.dossiers.tests.fuzz import FUZZ, LONG, SPECIAL, TEXT
from motcua.dossiers.tests.test_import import HEADER, NOW, rows

CELL = st.one_of(TEXT, st.sampled_from(SPECIAL), LONG)


def _file(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(table)
    return out.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(row=st.integers(0, 5), column=st.integers(0, len(HEADER) - 1), value=CELL)
def test_any_cell_gives_row_errors_or_a_whole_import(world, row, column, value):
    bad = rows(world)
    bad[row][column] = value

    try:
        result = dossier_import(raw=_file(bad), file_name="fuzz.csv", at=NOW, dry_run=True)
    except ImportRejected as refused:
        assert refused.errors
        assert all(e.row and e.field and e.reason for e in refused.errors)
    else:
        assert (result.rows, result.created) == (6, 6)
    assert Dossier.objects.count() == 0
    assert DossierImport.objects.count() == 0


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_errors_not_a_crash(world, raw):
    with pytest.raises(ImportRejected) as refused:
        dossier_import(raw=_file([]) + raw, file_name="fuzz.csv", at=NOW)

    assert refused.value.errors
    assert Dossier.objects.count() == 0
