"""One colour per country, kind and topic, whatever the filter leaves."""
from dashboard import palette


def test_palette_country_colour_does_not_depend_on_the_filtered_subset():
    build = ["Armenia", "Azerbaijan", "Georgia", "Turkey", "Iran"]
    fixed = palette.mapping(build)
    unfiltered = {c: palette.colour(c, fixed) for c in build}
    filtered = {c: palette.colour(c, fixed) for c in ["Azerbaijan", "Iran"]}
    assert all(filtered[c] == unfiltered[c] for c in filtered)
    assert len(set(unfiltered.values())) == len(build)


def test_palette_unknown_is_grey_and_unlisted_values_still_get_a_stable_colour():
    fixed = palette.mapping(["A"])
    assert palette.colour(None, fixed) == palette.colour("unknown", fixed) == palette.UNKNOWN
    assert palette.colour("Elsewhere", fixed) == palette.colour("Elsewhere", {}) != palette.UNKNOWN


def test_palette_kinds_are_fixed():
    assert palette.kind("phone_call") == palette.kind("phone_call") != palette.kind("meeting")
