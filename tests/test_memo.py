"""Results reused across builds (generator/memo.py, BuildCache.memo): found again only for the same
function and the same arguments, and then equal to what the function makes now."""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pytest
from test_maps import gemeenten, indicator, rows

from generator import maps
from generator.buildcache import BuildCache
from generator.memo import compute, fingerprint


@dataclass(frozen=True)
class Spec:
    code: str
    decimalen: int


FRAME = pd.DataFrame({"nis": ["11001", "11002"], "waarde": [1.5, 2.0], "teller": [3, 4]})


def changed(frame: pd.DataFrame, **assignments) -> pd.DataFrame:
    out = frame.copy()
    for column, values in assignments.items():
        out[column] = values
    return out


@pytest.mark.parametrize("other", [
    pytest.param(changed(FRAME, waarde=[1.5, 2.1]), id="one cell"),
    pytest.param(changed(FRAME, teller=[3.0, 4.0]), id="same numbers, other type"),
    pytest.param(FRAME.rename(columns={"teller": "noemer"}), id="column renamed"),
    pytest.param(FRAME[["nis", "teller", "waarde"]], id="columns reordered"),
    pytest.param(FRAME.iloc[::-1], id="rows reordered"),
    pytest.param(FRAME.set_axis([5, 6]), id="other index"),
    pytest.param(pd.concat([FRAME, FRAME.iloc[:1]]), id="a row more"),
    pytest.param(changed(FRAME, nis=["11001", None]), id="text missing"),
])
def test_fingerprint_of_a_frame_sees_every_change(other):
    assert fingerprint(other) != fingerprint(FRAME)


@pytest.mark.parametrize("first,second", [
    (Spec("D1", 1), Spec("D1", 2)),
    ({"a": 1}, {"a": 2}),
    ({("11001", 2024): 10.0}, {("11001", 2025): 10.0}),
    (["a", "b"], ["b", "a"]),
    (("a",), ["a"]),
    (1, 1.0),
    ("1", 1),
    ([FRAME], [changed(FRAME, waarde=[1.5, 2.5])]),
])
def test_fingerprint_tells_apart(first, second):
    assert fingerprint(first) != fingerprint(second)


def test_fingerprint_of_equal_values_is_equal():
    assert fingerprint([FRAME.copy(), Spec("D1", 1), {"x": (1, 2)}]) == fingerprint([FRAME, Spec("D1", 1), {"x": (1, 2)}])


def total(frame: pd.DataFrame, spec: Spec) -> float:
    return round(float(frame["waarde"].sum()), spec.decimalen)


def test_memo_reuses_only_for_the_same_function_and_arguments(tmp_path):
    first = BuildCache(tmp_path, "v")
    assert first.memo(total, FRAME, Spec("D1", 1)) == 3.5
    again = BuildCache(tmp_path, "v")
    assert again.memo(total, FRAME.copy(), Spec("D1", 1)) == 3.5
    assert again.memo(total, changed(FRAME, waarde=[1.25, 2.0]), Spec("D1", 1)) == 3.2  # 3.25 at 1 decimal
    assert again.memo(total, FRAME, replace(Spec("D1", 1), decimalen=0)) == 4.0
    assert (again.hits, again.misses) == (1, 2)
    assert BuildCache(tmp_path, "w").memo(total, FRAME, Spec("D1", 1)) == 3.5  # another code version
    assert BuildCache(tmp_path, "v").memo(max, [1, 2]) == 2 and compute(max, [1, 2]) == 2


def test_memo_refuses_a_function_that_could_close_over_inputs(tmp_path):
    value = 3
    with pytest.raises(ValueError, match="moduleniveau"):
        BuildCache(tmp_path, "v").memo(lambda: value)


def test_map_from_the_memo_equals_the_map_made_now(tmp_path):
    """The map fragment of an indicator: the same bytes with the figures reused; a revised figure is
    not served from the memo but drawn anew, equal again to a map made without memo."""
    gem = gemeenten(30)
    data = rows(gem, years=range(2020, 2026), groups=("totaal", "mannen"))

    def fragment(frame, memo):
        return maps.indicator_map_html(indicator(), frame, gem, "g.json", None, "../../", memo=memo)

    fresh = fragment(data, compute)
    assert fragment(data, BuildCache(tmp_path, "v").memo) == fresh
    reused = BuildCache(tmp_path, "v")
    assert fragment(data.copy(), reused.memo) == fresh
    assert (reused.hits, reused.misses) == (1, 0)
    revised = data.copy()
    revised.loc[(revised["nis"] == sorted(gem)[3]) & (revised["jaar"] == 2025) & (revised["groep"] == "totaal"),
                "waarde"] = 99.9
    again = BuildCache(tmp_path, "v")
    assert fragment(revised, again.memo) == fragment(revised, compute) != fresh
    assert (again.hits, again.misses) == (0, 1)
    assert "99.9" in fragment(revised, again.memo)


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory, divisions, catalogue):
    """A monitor with intervals, klein aantal, verdicts, geheim and a merger (test_pages_uncertainty's data)."""
    from support import make_data_dir
    from test_pages_uncertainty import body

    from generator import paths
    from generator.monitor import load_inputs, make_monitor
    data = make_data_dir(tmp_path_factory.mktemp("memo") / "data", divisions, catalogue, {"rows.csv": body()})
    return make_monitor(load_inputs(data, paths.SHARED_GEODATA))


@pytest.mark.parametrize("code", ["D1", "T1", "I2"])
def test_the_map_reads_only_the_columns_its_memo_key_holds(uncertain, code):
    """``maps.figure_columns`` keeps every column the map's figures read: the figures of the full rows
    equal those of the kept columns (intervals, klein aantal and verdicts would vanish otherwise)."""
    rows = uncertain.table[uncertain.table["indicator"] == code]
    ind, order = uncertain.catalogue.get(code), maps.nis_order(uncertain.gemeenten)
    groups = maps._groups(ind, rows)
    full = maps._figures(ind, rows, order, groups, None)
    kept = maps._figures(ind, maps.figure_columns(rows), order, groups, None)
    assert set(maps.figure_columns(rows).columns) < set(rows.columns)
    assert {k: v for k, v in kept.items() if k != "_classes"} == {k: v for k, v in full.items() if k != "_classes"}
    assert full["interval"] and full["oordeel"] if code != "I2" else full["series"]
