from newssearch import NewsIndex
from newssearch.ingest.textdecode import decode_bytes


def test_utf8_bom_and_utf16_are_read():
    assert decode_bytes("\ufeffCafé".encode("utf-8")).text == "Café"
    assert decode_bytes("Café".encode("utf-16"))[0] == "Café"


def test_a_few_bad_bytes_are_replaced_and_counted():
    text, enc, bad, _ = decode_bytes("Talks resumed in Zürich on Monday, officials said. ".encode() * 20 + b"\xff\xfe!")
    assert enc == "utf-8" and bad == 2 and text.endswith("\ufffd\ufffd!")


def test_a_legacy_encoding_is_detected():
    data = ("Les négociations ont repris à Genève, a déclaré le ministère des affaires étrangères. " * 5).encode("cp1252")
    text, enc, bad, _ = decode_bytes(data)
    assert "négociations" in text and bad == 0


def test_bad_bytes_nul_and_mixed_line_endings_are_indexed_and_reported(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "bad.txt").write_bytes(b"Port strike ends\r\n\r\nDock workers went back\x00 to work on Friday.\r\n"
                                  b"The strike in Z\xc3\xbcrich lasted\xff nine days.\n")
    (src / "empty.txt").write_bytes(b"")
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert report.added == 1 and report.skip_reasons == {"empty file": 1}
    assert {k: w.count for k, w in report.warnings.items()} == {"undecodable_bytes": 1, "nul_bytes": 1, "no_date": 1}
    art = ix.get(ix.search("dock workers").hits[0].id)
    assert art["body"] == "Dock workers went back to work on Friday.\n\nThe strike in Zürich lasted\ufffd nine days."


def test_a_declared_charset_the_bytes_contradict_is_overruled_and_said():
    page = '<html><head><meta charset="gb2312"></head><body>北京大学的学生</body></html>'
    found = decode_bytes(page.encode("utf-8"), html=True)
    assert "北京大学的学生" in found.text and (found.encoding, found.declared) == ("utf-8", "gb2312")
    honest = decode_bytes(page.encode("gb2312"), html=True)
    assert "北京大学的学生" in honest.text and (honest.encoding, honest.declared) == ("gb2312", None)


def test_a_page_declared_utf8_whose_bytes_are_latin_is_read_as_latin_and_said():
    page = ("<html><head><meta charset=\"utf-8\"></head><body><p>" + "Les négociations ont repris à Genève. " * 5
            + "</p></body></html>")
    found = decode_bytes(page.encode("cp1252"), html=True)
    assert "négociations" in found.text and found.replaced == 0 and found.declared == "utf-8"
    really = decode_bytes(page.encode("utf-8"), html=True)
    assert "négociations" in really.text and (really.encoding, really.declared) == ("utf-8", None)


def test_a_utf8_page_declared_latin_is_read_as_utf8():
    for charset in ("iso-8859-1", "windows-1252"):
        found = decode_bytes(f'<meta charset="{charset}"><p>Café déjà vu à Genève</p>'.encode(), html=True)
        assert "Café déjà vu à Genève" in found.text and found.encoding == "utf-8" and found.declared
