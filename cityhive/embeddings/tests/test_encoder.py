"""The shipped int8 MiniLM encoder: shapes, unit vectors, similarity order, checksum check."""

import shutil

import numpy as np
import pytest

from cityhive.embeddings.encoder import (
    CHECKSUMS_FILE,
    MODEL_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    Encoder,
    ModelFileError,
)

TEXTS = {
    "anchor": "The city is installing smart street lights that dim when nobody is around.",
    "paraphrase": "Our municipality deploys intelligent streetlamps which lower their brightness "
    "on empty streets.",
    "related": "The council wants sensors to monitor air quality near schools.",
    "unrelated": "My grandmother bakes the best apple pie in the village.",
}
FRENCH = {
    "anchor": "La ville installe des lampadaires intelligents dans les rues.",
    "paraphrase": "Des lampadaires intelligents sont installés dans les rues de la ville.",
    "unrelated": "Ma grand-mère prépare la meilleure tarte aux pommes du village.",
}


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder.load()


def ranked_by_similarity(encoder: Encoder, texts: dict[str, str]) -> list[str]:
    """The names other than "anchor", most similar to the anchor first."""
    vectors = dict(zip(texts, encoder.encode(list(texts.values())), strict=True))
    others = [name for name in texts if name != "anchor"]
    return sorted(others, key=lambda name: -float(vectors["anchor"] @ vectors[name]))


def test_vectors_are_float32_unit_rows_of_384(encoder):
    vectors = encoder.encode(list(TEXTS.values()))

    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), np.ones(4), atol=1e-5)


def test_a_paraphrase_is_closer_than_a_related_text_and_an_unrelated_one(encoder):
    assert ranked_by_similarity(encoder, TEXTS) == ["paraphrase", "related", "unrelated"]


def test_french_paraphrase_is_closer_than_an_unrelated_french_text(encoder):
    assert ranked_by_similarity(encoder, FRENCH) == ["paraphrase", "unrelated"]


def test_non_latin_scripts_give_unit_vectors(encoder):
    vectors = encoder.encode(["城市正在寻找智能路灯的合作伙伴。", "Город ищет партнёров."])

    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), np.ones(2), atol=1e-5)


def test_empty_and_blank_texts_give_zero_vectors(encoder):
    vectors = encoder.encode(["", "water", "  \n"])

    assert np.count_nonzero(vectors[0]) == 0
    assert np.count_nonzero(vectors[2]) == 0
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)


def test_no_texts_give_an_empty_matrix(encoder):
    assert encoder.encode([]).shape == (0, 384)


def test_rows_stay_in_input_order_whatever_the_batch_size(encoder):
    texts = [*TEXTS.values(), *FRENCH.values()]
    whole = encoder.encode(texts)
    in_pairs = encoder.encode(texts, batch_size=2)

    # int8 activations are scaled per batch, so vectors move slightly; order must not.
    assert list((in_pairs @ whole.T).argmax(axis=1)) == list(range(len(texts)))
    assert float((in_pairs * whole).sum(axis=1).min()) > 0.99


def copy_model(target):
    """Copy the shipped model folder's checked files to `target`; return the model's path."""
    for name in (MODEL_FILE, TOKENIZER_FILE, CHECKSUMS_FILE):
        shutil.copyfile(MODEL_DIR / name, target / name)
    return target / MODEL_FILE


def test_an_intact_copy_loads_with_one_thread(tmp_path):
    copy = Encoder.load(copy_model(tmp_path), threads=1)

    assert copy.encode(["water"]).shape == (1, 384)
    assert copy.session.get_session_options().intra_op_num_threads == 1
    assert copy.session.get_providers() == ["CPUExecutionProvider"]


def test_a_corrupted_copy_is_refused(tmp_path):
    path = copy_model(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

    with pytest.raises(ModelFileError, match=r"minilm-l6-v2-int8\.onnx is corrupt"):
        Encoder.load(path)


def test_a_copy_without_checksums_is_refused(tmp_path):
    path = copy_model(tmp_path)
    (tmp_path / CHECKSUMS_FILE).unlink()

    with pytest.raises(ModelFileError, match="SHA256SUMS is missing"):
        Encoder.load(path)
