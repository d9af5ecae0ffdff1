"""The claims register: every claim a notebook's prose makes is checked, over several seeds.

See tests/specs/__init__.py. A claim's phrase must stand in its notebook word for word, the
experiment it is about must be the one the notebook runs, and the computation must hold for
every seed. Every key point is a registered claim, and every number the prose states as a
measurement sits inside a registered phrase.
"""

import pytest
from specs import NOTEBOOKS, all_code, key_points, load, normalize, prose, spec_modules, stated_numbers

SPECS = spec_modules()
COURSE = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CLAIMS = [(spec, i, claim) for spec in SPECS for i, claim in enumerate(spec.CLAIMS)]
CLAIM_IDS = [f"{spec.__name__.split('.')[-1]}-{i}" for spec, i, _ in CLAIMS]
RUNS = [(spec, i, claim, seed) for spec, i, claim in CLAIMS for seed in (claim.seeds or (None,))]
RUN_IDS = [f"{spec.__name__.split('.')[-1]}-{i}-seed{seed}" for spec, i, _, seed in RUNS]


def test_every_notebook_has_a_spec():
    assert sorted(spec.NOTEBOOK for spec in SPECS) == COURSE


@pytest.mark.parametrize("spec, i, claim", CLAIMS, ids=CLAIM_IDS)
def test_the_phrase_and_the_experiment_are_in_the_notebook(spec, i, claim):
    nb = load(spec.NOTEBOOK)
    assert normalize(claim.phrase) in prose(nb), f"{spec.NOTEBOOK}: phrase not found: {claim.phrase!r}"
    code = all_code(nb)
    for snippet in claim.code:
        assert snippet in code, f"{spec.NOTEBOOK}: the claim's experiment changed: {snippet!r} not in any code cell"
    assert claim.seeds is None or len(set(claim.seeds)) >= 3, "check a random experiment over at least 3 seeds"


@pytest.mark.parametrize("spec, i, claim, seed", RUNS, ids=RUN_IDS)
def test_the_claim_holds(spec, i, claim, seed):
    claim.check(seed)


@pytest.mark.parametrize("spec", SPECS, ids=[s.NOTEBOOK[:2] for s in SPECS])
def test_every_key_point_is_a_registered_claim(spec):
    nb = load(spec.NOTEBOOK)
    points = key_points(nb)
    assert points, f"{spec.NOTEBOOK} has no key points"
    phrases = [normalize(c.phrase) for c in spec.CLAIMS]
    missing = [p for p in points if not any(ph in p for ph in phrases)]
    assert not missing, f"key points without a registered claim: {missing}"


@pytest.mark.parametrize("spec", SPECS, ids=[s.NOTEBOOK[:2] for s in SPECS])
def test_every_stated_number_is_inside_a_registered_claim(spec):
    nb = load(spec.NOTEBOOK)
    phrases = [normalize(c.phrase) for c in spec.CLAIMS]
    loose = [(number, sentence) for number, sentence in stated_numbers(nb)
             if not any(number in ph and (ph in sentence or sentence in ph) for ph in phrases)]
    assert not loose, ("numbers stated in prose outside any registered claim (register the sentence, or write a "
                       "setting or formula as `code`): " + "; ".join(f"{n!r} in {s!r}" for n, s in loose))
