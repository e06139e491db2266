"""train_extraction_models fits the models asked for, from the corpus's gold, and leaves no other behind."""

from django.core.management import call_command

from articles.extraction.learned import load_learned

ARTICLES = ["000-paris-reassurance-force", "001-uk-ukraine-security-agreement-kyiv"]


def test_trains_the_models_asked_for_and_removes_the_rest(gazetteer, tmp_path):
    call_command("train_extraction_models", articles=ARTICLES, out=tmp_path, models=["sentence", "category"])
    both = load_learned(str(tmp_path))
    assert both.sentence is not None and both.category is not None and both.commitment is None
    call_command("train_extraction_models", articles=ARTICLES, out=tmp_path, models=["sentence"])
    assert (tmp_path / "sentence").is_dir() and not (tmp_path / "category").exists()
    (p,) = load_learned.__wrapped__(str(tmp_path)).sentence_probabilities(
        [("France will send troops.", True)]
    )
    assert 0.0 <= p <= 1.0
