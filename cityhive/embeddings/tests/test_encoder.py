"""The shipped int8 MiniLM encoder: shapes, unit vectors, similarity order, checksum check, the
token cap and windows of long texts, and accuracy against fp32 reference vectors."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from cityhive.embeddings.encoder import (
    CHECKSUMS_FILE,
    MAX_TOKENS,
    MAX_WINDOWS,
    MIN_COSINE,
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


def test_a_call_side_by_side_runs_its_batches_on_single_threaded_sessions():
    texts = [*TEXTS.values(), *FRENCH.values()] * 3
    one_session = Encoder.load(threads=1).encode(texts, batch_size=4)
    encoder = Encoder.load(threads=2)
    assert encoder._bulk is None
    encoder.encode(texts, batch_size=4)
    assert encoder._bulk is None  # only a call that asks for it opens them
    side_by_side = encoder.encode(texts, batch_size=4, side_by_side=True)

    bulk = encoder._bulk
    assert len(bulk) == 2 and encoder.session not in bulk
    assert [s.get_session_options().intra_op_num_threads for s in bulk] == [1, 1]
    # The same batches, so the same activation scales: only the threads' summation order differs.
    assert np.allclose(side_by_side, one_session, atol=1e-4)


def test_a_call_of_one_batch_stays_on_the_query_session(encoder, monkeypatch):
    monkeypatch.setattr(encoder, "_bulk_sessions", lambda: pytest.fail("opened bulk sessions"))
    texts = list(TEXTS.values())
    assert encoder.encode(texts, batch_size=8, side_by_side=True).shape == (4, 384)


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


# ------------------------------------------------------------ token cap and long texts

SENTENCE = "The municipality publishes open data on energy use in public buildings. "
HEAT = SENTENCE * 12 + "Heat pumps replace gas boilers in every school."  # 144 + 9 pieces
FLOOD = SENTENCE * 12 + "Flood sensors along the river warn residents."


@pytest.fixture(scope="module")
def windowing(encoder) -> Encoder:
    """The shipped model cutting long texts into up to 4 windows instead of truncating."""
    return Encoder(encoder.session, encoder.tokenizer, max_windows=4)


def pieces_of(encoder: Encoder, text: str) -> list[int]:
    """The text's word pieces, without [CLS] and [SEP]."""
    return encoder.tokenizer.encode(text, add_special_tokens=False).ids


def test_a_short_text_is_one_window_framed_by_cls_and_sep(encoder):
    windows = encoder.windows("water sensors")

    assert windows == [[101, *pieces_of(encoder, "water sensors"), 102]]


def test_a_long_text_is_truncated_at_max_tokens(encoder):
    text = SENTENCE * 30

    assert MAX_TOKENS == 128 and MAX_WINDOWS == 1
    assert encoder.windows(text) == [[101, *pieces_of(encoder, text)[:126], 102]]


def test_the_model_never_sees_more_than_max_tokens(encoder, monkeypatch):
    widths = []
    run = encoder.session.run

    def recording_run(outputs, feeds):
        widths.append(feeds["input_ids"].shape[1])
        return run(outputs, feeds)

    monkeypatch.setattr(encoder.session, "run", recording_run)
    encoder.encode([SENTENCE * 30, "water", SENTENCE * 12])

    assert widths == [128]  # one batch of three windows, padded to the longest


def test_words_past_the_cap_do_not_change_the_vector(encoder):
    heat, flood = encoder.encode([HEAT, FLOOD])

    assert float(heat @ flood) > 0.99999  # the same first 126 pieces


def test_windows_are_even_within_the_cap_and_keep_every_piece(windowing):
    text = SENTENCE * 30
    pieces = pieces_of(windowing, text)
    windows = windowing.windows(text)

    assert len(pieces) == 360
    assert [len(window) for window in windows] == [
        122,
        122,
        122,
    ]  # 120 pieces each, not 126+126+108
    assert all(window[0] == 101 and window[-1] == 102 for window in windows)
    assert [piece for window in windows for piece in window[1:-1]] == pieces


def test_windows_stop_at_max_windows(windowing):
    text = SENTENCE * 200  # 2,400 pieces

    windows = windowing.windows(text)

    assert len(windows) == 4
    assert [piece for window in windows for piece in window[1:-1]] == pieces_of(windowing, text)[
        : 4 * (MAX_TOKENS - 2)
    ]


def test_a_windowed_text_is_the_normalised_mean_of_its_windows(windowing):
    windows = windowing.windows(FLOOD)
    one_by_one = np.array([windowing._encode_batch([window])[0] for window in windows])
    mean = one_by_one.mean(axis=0)

    assert len(windows) == 2
    assert float(windowing.encode([FLOOD])[0] @ (mean / np.linalg.norm(mean))) > 0.999


def test_with_windows_words_past_the_cap_change_the_vector(windowing):
    heat, flood = windowing.encode([HEAT, FLOOD])

    assert float(heat @ flood) < 0.999


# ------------------------------------------------------------ accuracy against fp32

REFERENCE = Path(__file__).parent / "data" / "fp32_reference.npz"


@pytest.fixture(scope="module")
def fp32_reference() -> tuple[list[str], np.ndarray]:
    """Texts and their fp32 vectors, written by scripts/export_minilm_onnx.py with the model."""
    with np.load(REFERENCE) as data:
        return [str(text) for text in data["texts"]], data["vectors"]


def test_the_reference_covers_other_scripts_and_a_text_longer_than_the_cap(fp32_reference):
    texts, vectors = fp32_reference

    assert vectors.shape == (len(texts), 384)
    assert "시는 스마트 가로등 협력업체를 찾고 있습니다." in texts
    assert max(len(text.split()) for text in texts) > 300


def test_shipped_vectors_stay_within_the_export_gate_of_the_fp32_ones(encoder, fp32_reference):
    texts, expected = fp32_reference
    batched = (encoder.encode(texts) * expected).sum(axis=1)
    single = np.array(
        [encoder.encode([t])[0] @ row for t, row in zip(texts, expected, strict=True)]
    )

    assert float(np.minimum(batched, single).min()) >= MIN_COSINE
