"""The spaCy model is loaded once per process, whichever way it is asked for."""
from data_pipeline import MODEL_NAME
from data_pipeline.nlp.spacy_model import load_model


def test_load_model_default_and_named_are_one_instance():
    assert load_model() is load_model(MODEL_NAME)


def test_spacy_model_a_line_break_starts_a_sentence(nlp):
    text = ("Readout of the minister's meeting with the envoy\nThe minister met the envoy on Monday. "
            "They spoke for an hour.\n\nPhoto: the two officials")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == "Readout of the minister's meeting with the envoy"
    assert "The minister met the envoy on Monday." in sents and sents[-1] == "Photo: the two officials"
