from datetime import datetime

from .helpers import read


def test_la_times_style_documents(fixture_corpus):
    articles, skips = read((fixture_corpus / "wire" / "LA010189").read_bytes(), "wire/LA010189")
    assert not skips
    assert [a.id for a in articles] == ["LA010189-0001", "LA010189-0002"]
    first = articles[0]
    assert first.title == "HARBOR DREDGING PLAN APPROVED"
    assert first.published == datetime(1989, 1, 1)
    assert first.source == "Los Angeles Times"
    assert first.section == "Metro"
    assert first.authors == ["SAM EXAMPLE"]
    assert first.body == ("The harbor commission approved a plan to dredge the main channel.\n\n"
                          "Work is expected to begin in the spring & last a year.")


def test_other_title_tags_and_doc_id_attribute():
    data = '<DOC id="APW_ENG_0001" type="story"><HL>Quake hits coast</HL><TEXT>Buildings shook.</TEXT></DOC>'
    [article], _ = read(data, "apw.trec")
    assert (article.id, article.title, article.body) == ("APW_ENG_0001", "Quake hits coast", "Buildings shook.")


def test_missing_end_tags_and_empty_documents():
    data = "<DOC><DOCNO>X1</DOCNO><TEXT>first\n<DOC><DOCNO>X2</DOCNO></DOC>"
    articles, skips = read(data, "trecfile")
    assert [a.id for a in articles] == ["X1"]
    assert skips[0].reason == "no title or body" and "X2" in skips[0].where
