"""The streaming merge of a packet: pages, bookmarks, and a broken document that leaves no trace."""

import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML, Attachment

from reports import pdf
from reports.merge import Bookmark, StreamingMerger


def small_pdf(title: str, pages: int) -> bytes:
    body = "".join(f'<p style="break-after: page">{title} หน้า {n}</p>' for n in range(1, pages + 1))
    return HTML(string=body, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(font_config=pdf.font_config())


def test_merged_packet_keeps_every_page_in_order_with_bookmarks_per_person():
    sources = [("สมชาย ใจดี", 2), ("สุภาพร แก้วมณี", 3), ("ธนากร ศรีสุข", 1)]
    out = io.BytesIO()
    merger = StreamingMerger(out, title="ชุดเอกสารทดสอบ")
    for name, pages in sources:
        first, count = merger.append(io.BytesIO(small_pdf(name, pages)))
        merger.add_bookmark(Bookmark(name, first, [Bookmark("PA1 ข้อตกลง", first)]))
        assert count == pages
    merger.finish()

    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 6
    assert [page.extract_text().strip() for page in reader.pages] == [
        f"{name} หน้า {n}" for name, pages in sources for n in range(1, pages + 1)
    ]
    outline = reader.outline
    people = [item for item in outline if not isinstance(item, list)]
    assert [p.title for p in people] == [name for name, _ in sources]
    assert [reader.get_destination_page_number(p) for p in people] == [0, 2, 5]
    children = [item for item in outline if isinstance(item, list)]
    assert [[c.title for c in group] for group in children] == [["PA1 ข้อตกลง"]] * 3
    assert reader.metadata.title == "ชุดเอกสารทดสอบ"


def test_broken_document_is_refused_and_the_packet_stays_valid():
    out = io.BytesIO()
    merger = StreamingMerger(out)
    merger.append(io.BytesIO(small_pdf("ก่อน", 1)))
    good = small_pdf("เสีย", 2)
    with pytest.raises(Exception):  # noqa: B017 - pypdf raises several kinds for broken files
        merger.append(io.BytesIO(good[: len(good) // 3]))
    merger.append(io.BytesIO(small_pdf("หลัง", 1)))
    merger.finish()

    reader = PdfReader(io.BytesIO(out.getvalue()), strict=True)
    assert [page.extract_text().strip() for page in reader.pages] == ["ก่อน หน้า 1", "หลัง หน้า 1"]


def test_empty_packet_is_not_written():
    with pytest.raises(ValueError):
        StreamingMerger(io.BytesIO()).finish()


def test_the_snapshot_each_document_carries_stays_embedded_in_the_packet():
    def with_snapshot(title: str, name: str, data: bytes) -> bytes:
        fetcher = pdf.StaticOnlyURLFetcher()
        return HTML(string=f"<p>{title}</p>", url_fetcher=fetcher).write_pdf(
            font_config=pdf.font_config(),
            attachments=[Attachment(string=data, name=name, url_fetcher=fetcher)],
        )

    documents = [
        ("สมชาย ใจดี", "PA-2570-00002-v1.json", '{"owner": "สมชาย"}'.encode()),
        ("สุภาพร แก้วมณี", "PA-2570-00001-v2.json", '{"owner": "สุภาพร"}'.encode()),
        ("สมชาย ใจดี อีกครั้ง", "PA-2570-00002-v1.json", b'{"again": true}'),
    ]
    out = io.BytesIO()
    merger = StreamingMerger(out)
    for title, name, data in documents:
        merger.append(io.BytesIO(with_snapshot(title, name, data)))
    merger.append(io.BytesIO(small_pdf("ไม่มีไฟล์แนบ", 1)))
    merger.finish()

    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 4
    assert reader.attachments == {
        "PA-2570-00001-v2.json": ['{"owner": "สุภาพร"}'.encode()],
        "PA-2570-00002-v1.json": ['{"owner": "สมชาย"}'.encode()],
        "PA-2570-00002-v1-2.json": [b'{"again": true}'],
    }


def test_memory_does_not_grow_with_the_packet():
    """What the merger keeps of a document it has written is a few numbers per object and page,
    not the document (its page content and font streams): about a kilobyte for a document of
    three pages, whatever the packet's size."""
    import gc
    import tempfile
    import tracemalloc

    document = small_pdf("สำนักงานเขตพื้นที่การศึกษา " * 40, 3)
    with tempfile.TemporaryFile() as out:  # as a packet is written: outside Python's heap
        merger = StreamingMerger(out)
        tracemalloc.start()
        kept = []
        for n in range(1, 31):
            first, _count = merger.append(io.BytesIO(document))
            merger.add_bookmark(Bookmark(f"คนที่ {n}", first))
            if n in (10, 30):
                gc.collect()  # a reader's reference cycles are garbage, not kept
                kept.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.stop()
        merger.finish()
    per_document = (kept[1] - kept[0]) / 20
    assert per_document < 2048, (kept, len(document))
