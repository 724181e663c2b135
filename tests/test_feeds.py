"""Feeds saved in a corpus folder: RSS 2.0, RSS 1.0 and Atom items become articles."""
from indexer.article import Article, Skip
from indexer.readers import SourceFile, detect_format, read_source

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Gazette</title><language>en-gb</language>
<item><title>Bridge reopens</title><link>https://gazette.example/bridge</link>
<guid>gazette-1</guid><pubDate>Mon, 07 Jun 2021 10:00:00 +0200</pubDate><author>ann@example.org (Ann Lee)</author>
<category>transport</category><description>Short summary.</description>
<content:encoded><![CDATA[<p>The old swing bridge reopened on Monday.</p><p>Traffic was light.</p>]]></content:encoded>
</item>
<item><title>Ferry delayed</title><link>https://gazette.example/ferry</link>
<description>&lt;p&gt;The morning ferry was delayed by fog.&lt;/p&gt;</description></item>
<item><title></title><description></description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Desk</title>
<entry><id>tag:wire.example,2021:1</id><title>Council votes</title><link href="https://wire.example/1"/>
<published>2021-06-07T08:00:00Z</published><updated>2021-06-08T09:30:00Z</updated>
<author><name>Bo Chan</name></author><summary>The council voted on the budget.</summary></entry>
</feed>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://old.example/"><title>Old Times</title><link>https://old.example/</link></channel>
<item rdf:about="https://old.example/a"><title>Harvest report</title><link>https://old.example/a</link>
<description>The wheat harvest was good.</description><dc:date>2003-08-01T12:00:00+00:00</dc:date></item>
</rdf:RDF>"""


def read(name: str, data: bytes) -> list:
    return list(read_source(SourceFile(name, name, data)))


def test_rss2_items_with_full_content_authors_dates_and_categories():
    items = read("gazette.rss", RSS2)
    bridge, ferry = [i for i in items if isinstance(i, Article)]
    assert (bridge.id, bridge.title, bridge.url, bridge.source) == (
        "gazette-1", "Bridge reopens", "https://gazette.example/bridge", "Harbour Gazette")
    assert bridge.body == "The old swing bridge reopened on Monday.\n\nTraffic was light."  # content, not summary
    assert bridge.published.isoformat() == "2021-06-07T08:00:00+00:00"
    assert bridge.authors == ["Ann Lee"] and bridge.categories == ["transport"] and bridge.language == "en"
    assert (ferry.id, ferry.body) == ("https://gazette.example/ferry", "The morning ferry was delayed by fog.")
    assert [i.reason for i in items if isinstance(i, Skip)] == ["no title or body"]


def test_atom_and_rss1_are_recognised_by_content_whatever_the_name():
    for name, data in (("wire.xml", ATOM), ("old-times", RSS1)):
        assert detect_format(SourceFile(name, name, data)) == "feed"
    (council,) = read("wire.xml", ATOM)
    assert (council.id, council.title, council.authors) == ("tag:wire.example,2021:1", "Council votes", ["Bo Chan"])
    assert council.published.isoformat() == "2021-06-07T08:00:00+00:00"
    assert council.modified.isoformat() == "2021-06-08T09:30:00+00:00"
    (harvest,) = read("old-times", RSS1)
    assert (harvest.source, harvest.url, harvest.published.year) == ("Old Times", "https://old.example/a", 2003)


def test_a_feed_without_items_is_skipped_with_its_reason():
    assert [i.reason for i in read("empty.rss", b"<rss version='2.0'><channel><title>x</title></channel></rss>")] \
        == ["feed without items"]
