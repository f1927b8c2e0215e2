"""The spaCy model is loaded once per process, whichever way it is asked for."""
from data_pipeline import MODEL_NAME
from data_pipeline.nlp.spacy_model import load_model


def test_load_model_default_and_named_are_one_instance():
    assert load_model() is load_model(MODEL_NAME)
