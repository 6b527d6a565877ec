"""Merging PDFs into one packet without holding the packet in memory.

pypdf's PdfWriter keeps every page of every appended document until `write()`, so its memory
grows with the packet (and its incremental mode loads every object of the file it appends to and
copies the whole file on each write). Here each document is read with pypdf's PdfReader, its
objects renumbered and written straight to the output file with pypdf's public object classes
(`write_to_stream`); all that stays in memory is one offset per object, one reference per page
and per embedded file, and the bookmarks. The page tree, the outline, the embedded files' name
tree and the cross-reference table come last.
"""

from collections import deque
from dataclasses import dataclass, field
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

CATALOG, PAGES = 1, 2


@dataclass
class Bookmark:
    title: str
    page: int  # index of the packet's page it points at
    children: list["Bookmark"] = field(default_factory=list)


class StreamingMerger:
    """`append()` documents (paths or binary files), add `Bookmark`s, then `finish()`."""

    def __init__(self, out: BinaryIO, *, title: str = ""):
        self.out = out
        self.title = title
        self.offsets: list[int | None] = [None, None, None]  # object 0 is the free head; 1, 2 reserved
        self.page_ids: list[int] = []
        self.bookmarks: list[Bookmark] = []
        self.embedded: dict[str, IndirectObject] = {}  # name -> its file specification
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self.page_ids)

    def append(self, source) -> tuple[int, int]:
        """Copy every page of `source`; returns (index of its first page, its page count).

        A document that pypdf cannot read raises before anything of it is written."""
        reader = PdfReader(source)
        pages = list(reader.pages)  # parses the page tree: a broken file fails here
        if not pages:
            raise ValueError("เอกสารไม่มีหน้า")
        first = len(self.page_ids)
        ids: dict[tuple[int, int], int] = {}
        queue: deque[IndirectObject] = deque()

        def ref(indirect: IndirectObject) -> IndirectObject:
            key = (indirect.idnum, indirect.generation)
            if key not in ids:
                ids[key] = self._allocate()
                queue.append(indirect)
            return IndirectObject(ids[key], 0, None)

        def remap(obj):
            if isinstance(obj, IndirectObject):
                return ref(obj)
            if isinstance(obj, StreamObject):
                # Rewritten in place (the reader is this document's alone and every object of it
                # is written once): its dictionary gets the packet's numbers, its data is written
                # as it is, still encoded, never decompressed.
                for key, value in list(obj.items()):
                    obj[key] = remap(value)
                return obj
            if isinstance(obj, DictionaryObject):
                return DictionaryObject({key: remap(value) for key, value in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject(remap(item) for item in obj)
            return obj

        try:
            # Pages are numbered first so that links and annotations pointing at them land on the
            # copies; /Parent becomes the packet's page tree (pypdf has already copied inherited
            # attributes such as /Resources and /MediaBox onto each page).
            page_ids = [self._allocate() for _ in pages]
            for page, page_id in zip(pages, page_ids, strict=True):
                if page.indirect_reference is not None:
                    ids[(page.indirect_reference.idnum, page.indirect_reference.generation)] = page_id
            for page, page_id in zip(pages, page_ids, strict=True):
                copy = DictionaryObject(
                    {key: remap(value) for key, value in _without_seals(page).items() if key != "/Parent"}
                )
                copy[NameObject("/Parent")] = IndirectObject(PAGES, 0, None)
                self._write(page_id, copy)
            # Embedded files (a PA1 carries the snapshot it was printed from) stay with the packet.
            embedded = [
                (name, DictionaryObject({key: remap(value) for key, value in spec.get_object().items()}))
                for name, spec in _embedded_files(reader)
            ]
            while queue:
                indirect = queue.popleft()
                self._write(ids[(indirect.idnum, indirect.generation)], remap(indirect.get_object()))
            self.page_ids.extend(page_ids)
            for name, spec in embedded:
                unique = self._unique_name(name)
                if unique != name:  # the file's own name too, which is what a reader shows
                    for key in ("/F", "/UF"):
                        if key in spec:
                            spec[NameObject(key)] = TextStringObject(unique)
                spec_id = self._allocate()
                self._write(spec_id, spec)
                self.embedded[unique] = IndirectObject(spec_id, 0, None)
        except Exception:
            # Objects already written stay unreferenced: the packet's pages are untouched.
            raise
        return first, len(pages)

    def add_bookmark(self, bookmark: Bookmark) -> None:
        self.bookmarks.append(bookmark)

    def finish(self) -> None:
        if not self.page_ids:
            raise ValueError("ไม่มีหน้าเอกสารให้รวม")
        outline_id = self._write_outline()
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject(IndirectObject(i, 0, None) for i in self.page_ids),
                NameObject("/Count"): NumberObject(len(self.page_ids)),
            }
        )
        self._write(PAGES, pages)
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): IndirectObject(PAGES, 0, None),
            }
        )
        if outline_id:
            catalog[NameObject("/Outlines")] = IndirectObject(outline_id, 0, None)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        if self.embedded:
            names = ArrayObject()
            for name in sorted(self.embedded):  # a name tree's keys are sorted
                names.extend([TextStringObject(name), self.embedded[name]])
            catalog[NameObject("/Names")] = DictionaryObject(
                {NameObject("/EmbeddedFiles"): DictionaryObject({NameObject("/Names"): names})}
            )
        self._write(CATALOG, catalog)
        info_id = self._allocate()
        info = DictionaryObject({NameObject("/Producer"): TextStringObject("pa-portal")})
        if self.title:
            info[NameObject("/Title")] = TextStringObject(self.title)
        self._write(info_id, info)
        self._write_xref(info_id)

    # --- internals ------------------------------------------------------------------------

    def _unique_name(self, name: str) -> str:
        """The same file name from two documents: the second becomes "name-2.ext"."""
        stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate in self.embedded:
            n += 1
            candidate = f"{stem}-{n}{dot}{extension}"
        return candidate

    def _allocate(self) -> int:
        self.offsets.append(None)
        return len(self.offsets) - 1

    def _write(self, object_id: int, obj) -> None:
        self.offsets[object_id] = self.out.tell()
        self.out.write(f"{object_id} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def _write_outline(self) -> int | None:
        if not self.bookmarks:
            return None
        root_id = self._allocate()
        ids, visible = self._write_items(self.bookmarks, root_id)
        root = DictionaryObject(
            {NameObject("/Type"): NameObject("/Outlines"), NameObject("/Count"): NumberObject(visible)}
        )
        self._link_children(root, ids)
        self._write(root_id, root)
        return root_id

    def _write_items(self, items: list[Bookmark], parent_id: int) -> tuple[list[int], int]:
        """Write `items` and their children under `parent_id`: their ids, how many are visible."""
        ids = [self._allocate() for _ in items]
        visible = len(items)
        for i, (item, item_id) in enumerate(zip(items, ids, strict=True)):
            entry = DictionaryObject(
                {
                    NameObject("/Title"): TextStringObject(item.title),
                    NameObject("/Parent"): IndirectObject(parent_id, 0, None),
                    NameObject("/Dest"): ArrayObject(
                        [IndirectObject(self.page_ids[item.page], 0, None), NameObject("/Fit")]
                    ),
                }
            )
            if i > 0:
                entry[NameObject("/Prev")] = IndirectObject(ids[i - 1], 0, None)
            if i < len(items) - 1:
                entry[NameObject("/Next")] = IndirectObject(ids[i + 1], 0, None)
            if item.children:
                child_ids, child_visible = self._write_items(item.children, item_id)
                self._link_children(entry, child_ids)
                entry[NameObject("/Count")] = NumberObject(child_visible)
                visible += child_visible
            self._write(item_id, entry)
        return ids, visible

    @staticmethod
    def _link_children(entry: DictionaryObject, ids: list[int]) -> None:
        entry[NameObject("/First")] = IndirectObject(ids[0], 0, None)
        entry[NameObject("/Last")] = IndirectObject(ids[-1], 0, None)

    def _write_xref(self, info_id: int) -> None:
        start = self.out.tell()
        size = len(self.offsets)
        self.out.write(f"xref\n0 {size}\n".encode())
        self.out.write(b"0000000000 65535 f \n")
        for offset in self.offsets[1:]:
            # Numbers allocated for a document that then failed were never written: free.
            line = f"{offset:010d} 00000 n \n" if offset is not None else "0000000000 00001 f \n"
            self.out.write(line.encode())
        trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(size),
                NameObject("/Root"): IndirectObject(CATALOG, 0, None),
                NameObject("/Info"): IndirectObject(info_id, 0, None),
            }
        )
        self.out.write(b"trailer\n")
        trailer.write_to_stream(self.out)
        self.out.write(f"\nstartxref\n{start}\n%%EOF\n".encode())


def _embedded_files(reader: PdfReader) -> list[tuple[str, object]]:
    """(name, file specification) of every file embedded in the document, in its name tree."""
    names = reader.trailer["/Root"].get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    found = []

    def walk(node) -> None:
        node = node.get_object()
        entries = node.get("/Names")
        if entries is not None:
            entries = entries.get_object()
            found.extend((str(entries[i]), entries[i + 1]) for i in range(0, len(entries) - 1, 2))
        for kid in node.get("/Kids") or []:
            walk(kid)

    if tree is not None:
        walk(tree)
    return found


def _without_seals(page) -> dict:
    """The page without its signature fields: a seal covers the bytes of the file it was made on,
    so in a packet it could only show as broken (the packet's first page says where seals are)."""
    annotations = page.get("/Annots")
    if annotations is None:
        return page
    kept = ArrayObject(a for a in annotations.get_object() if a.get_object().get("/FT") != "/Sig")
    return (
        {**page, NameObject("/Annots"): kept} if kept else {k: v for k, v in page.items() if k != "/Annots"}
    )
