"""Query parsing: what a reader typed, as clauses the backends turn into their own syntax."""

import unicodedata

from cityportal.search.backends.postgres import tsqueries
from cityportal.search.backends.sqlite import match_expression
from cityportal.search.query import MAX_WORDS, Clause, parse


def alternatives(query):
    return [c.alternatives for c in query.clauses]


def test_words_are_normalised(db):
    query = parse(unicodedata.normalize("NFD", "  Hoà   BÌNH "))
    assert alternatives(query) == [(("hòa",),), (("bình",),)]
    assert query.phrase == ("hòa", "bình")
    assert query.accented
    assert not parse("hoa binh").accented
    assert parse("hoa binh").folded_words() == ["hoa", "binh"]


def test_quoted_phrases_and_exclusions(db):
    query = parse('"giá xăng" tăng -giảm -"xăng dầu" "unclosed')
    assert alternatives(query) == [(("giá", "xăng"),), (("tăng",),), (("unclosed",),)]
    assert query.excluded == [("giảm",), ("xăng", "dầu")]
    assert query.phrase == ("tăng", "unclosed")
    # A lone dash or quote is punctuation, not an operator.
    assert alternatives(parse('- " thu')) == [(("thu",),)]


def test_synonyms_longest_name_first_compared_without_diacritics(db):
    query = parse("ubnd thanh pho ho chi minh")
    first, second = query.clauses
    assert first.alternatives[0] == ("ubnd",)
    assert ("ủy", "ban", "nhân", "dân") in first.alternatives
    # "thành phố hồ chí minh" is one name, not "thành phố" + "hồ chí minh".
    assert second.alternatives[0] == ("thanh", "pho", "ho", "chi", "minh")
    assert {("tp", "hcm"), ("tphcm",), ("hcm",), ("sài", "gòn")} <= set(second.alternatives)
    # One spelling per folded form: the typed one.
    folded = [tuple(w for w in a) for a in parse("thủ đức").clauses[0].alternatives]
    assert ("thủ", "đức") in folded and ("thu", "duc") not in folded


def test_long_queries_are_cut(db):
    assert len(parse("từ " * 5000).clauses) == MAX_WORDS
    assert len(parse("x" * 10_000).clauses) == 1


def test_empty_queries(db):
    for text in ("", "   ", "!!!", "-", '""', "😀"):
        assert not parse(text), text


def test_prefix_only_for_an_unfinished_last_word(db):
    assert parse("thu d", prefix=True).prefix
    assert not parse("thu duc ", prefix=True).prefix
    assert not parse('"thu duc"', prefix=True).prefix


def test_backend_syntax_quotes_every_word(db):
    query = parse('NEAR(a b) AND "c" -d OR *')
    expression = match_expression(query)
    assert '"near"' in expression and '"and"' in expression and '"or"' in expression
    assert expression.endswith('NOT ("d")')
    queries = tsqueries(query)
    assert queries["required"].startswith("(('c') & ('near')")
    assert "!('d')" in queries["required"]
    assert Clause((("a",),)) in query.clauses


def test_a_numbered_district_or_ward_matches_however_it_is_written(db):
    """Readers type "q1" or "quan1" on a phone; papers print "Q.1", "Q1" or "quận 1"."""
    district = (("quận", "1"), ("q", "1"), ("q1",))
    for typed in ("q1", "Q1", "quan1", "Q.1", "quận 1", "Quan 01"):
        [clause] = parse(typed).clauses
        assert clause.alternatives[1:] == district, typed
    [ward, street] = parse("P.7 nguyen").clauses
    assert ward.alternatives[1:] == (("phường", "7"), ("p", "7"), ("p7",))
    assert street.alternatives == (("nguyen",),)
    # Not a unit: a number too long, or another word before it.
    assert alternatives(parse("q 123")) == [(("q",),), (("123",),)]
    assert alternatives(parse("qua 1")) == [(("qua",),), (("1",),)]


def test_saigon_typed_as_one_word_is_the_city(db):
    [clause] = parse("saigon").clauses
    assert {("sài", "gòn"), ("tphcm",), ("thành", "phố", "hồ", "chí", "minh")} <= set(
        clause.alternatives
    )
