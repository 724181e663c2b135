from indexer.readers.plaintext import parse_headline

from .helpers import read


def test_headline_section_outlet_with_en_dashes():
    assert parse_headline("Joint exercise in February – ČT24 – Czech Television") == (
        "Joint exercise in February", "ČT24", "Czech Television")


def test_headline_with_hyphen_separators():
    assert parse_headline("Wheat harvest beats forecasts - Agriculture - Farm News") == (
        "Wheat harvest beats forecasts", "Agriculture", "Farm News")


def test_two_parts_need_a_dash_to_name_the_outlet():
    assert parse_headline("Prices rise – Example Daily") == ("Prices rise", "", "Example Daily")
    assert parse_headline("Fed raises rates - again") == ("Fed raises rates - again", "", "")


def test_hyphenated_words_are_not_separators():
    assert parse_headline("Belarus-Russia drills begin")[0] == "Belarus-Russia drills begin"


def test_article_fields(fixture_corpus):
    data = (fixture_corpus / "text" / "belarus-exercise.txt").read_bytes()
    [article], skips = read(data, "text/belarus-exercise.txt")
    assert not skips
    assert article.id == "text/belarus-exercise.txt"
    assert article.title == "Belarus and Russia plan joint military exercise in February"
    assert article.section == "World"
    assert article.source == "Example Television"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("“We planned to start the manoeuvres")
    assert "Tensions between the West and Russia" in paragraphs
    assert len(paragraphs) == 4


def test_header_only_file_is_a_title_without_body():
    [article], _ = read("Just a headline – Example\n")
    assert article.title == "Just a headline" and article.body == ""


def test_text_without_headline_line_is_all_body():
    long_line = "word " * 100
    [article], _ = read(long_line + "\n\nSecond paragraph.")
    assert article.title == "" and article.body.endswith("Second paragraph.")


def test_windows_1252_text_file():
    [article], _ = read("Café opens – Food – Example\n\nThe “new” café.".encode("cp1252"))
    assert article.title == "Café opens" and article.body == "The “new” café."
