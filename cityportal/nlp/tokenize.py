"""Vietnamese word segmentation: syllables joined into words ("thành_phố", "Hồ_Chí_Minh").

Vietnamese writes a space between syllables, not between words, so counting or matching words
needs a segmenter. This one is pyvi's CRF model (MIT), which ships inside its wheel: nothing is
downloaded at run time. It segments about 6,000 short comments (90,000 syllables) a second on
one core: fine for the monitor's top terms, too slow to run on every text the classifiers read
(they use syllable n-grams instead; see `classifier.py`).
"""

import threading
import unicodedata
import warnings

_lock = threading.Lock()
_tokenizer = None


def _pyvi():
    """pyvi loads its CRF model on import (about a second, most of it scikit-learn)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():  # pyvi's regexes are not raw strings
                    warnings.simplefilter("ignore", DeprecationWarning)
                    warnings.simplefilter("ignore", SyntaxWarning)
                    from pyvi.ViTokenizer import ViTokenizer

                _tokenizer = ViTokenizer
    return _tokenizer


def tokens(text: str) -> list[str]:
    """Every token, punctuation included, multi-syllable words joined by "_"."""
    text = unicodedata.normalize("NFC", text or "").replace("_", " ")
    if not text.strip():
        return []
    tokenizer = _pyvi()
    with _lock:  # the CRF tagger object is shared and not safe to call from two threads at once
        found, _ = tokenizer.spacy_tokenize(text)
    return found


def words(text: str) -> list[str]:
    """The words of `text` in order, case kept, punctuation dropped:
    "Thành phố Hồ Chí Minh mở rộng tuyến buýt." → ["Thành_phố", "Hồ_Chí_Minh", "mở_rộng", ...]."""
    return [token for token in tokens(text) if any(ch.isalnum() for ch in token)]
