"""The parts of python-docx below its public API that the document engine uses, checked.

`webapp/documents/package.py` opens the reference from a cached `PackageReader` and saves
through `PackageWriter`'s underscored helpers; `docx_writer.py` edits oxml elements (numbering,
styles, the body's section properties, core properties). Doing both through the public API
costs about twice as much per document (it re-reads the zip and then has to rewrite it with
fixed metadata). So pyproject.toml pins python-docx to the versions tested here, and these
tests fail, naming the part, when an upgrade changes one of them: widen the pin only once
they pass.
"""

from __future__ import annotations

import importlib
import inspect

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from letter_templates import REFERENCE_DOCX
from tests.documents.helpers import open_docx, save_with_public_api
from webapp.documents import DocumentMeta, ListBlock, Paragraph, Run, render_docx
from webapp.documents.package import open_reference, save_docx

UPGRADE_HINT = "python-docx changed a part the document engine relies on (see this module)"

# (module, attribute path, parameter names or None for "exists").
INTERNALS = [
    ("docx.opc.pkgreader", "PackageReader.from_file", ["pkg_file"]),
    ("docx.opc.package", "Unmarshaller.unmarshal", ["pkg_reader", "package", "part_factory"]),
    ("docx.opc.part", "PartFactory", None),
    ("docx.opc.part", "Part.before_marshal", ["self"]),
    ("docx.opc.pkgwriter", "PackageWriter._write_content_types_stream", ["phys_writer", "parts"]),
    ("docx.opc.pkgwriter", "PackageWriter._write_pkg_rels", ["phys_writer", "pkg_rels"]),
    ("docx.opc.pkgwriter", "PackageWriter._write_parts", ["phys_writer", "parts"]),
    ("docx.opc.packuri", "PackURI.membername", None),
    ("docx.opc.package", "OpcPackage.parts", None),
    ("docx.opc.package", "OpcPackage.rels", None),
    ("docx.package", "Package.main_document_part", None),
    ("docx.parts.document", "DocumentPart.numbering_part", None),
    ("docx.oxml.numbering", "CT_Numbering.add_num", ["self", "abstractNum_id"]),
    ("docx.oxml.numbering", "CT_Numbering.num_having_numId", ["self", "numId"]),
    ("docx.oxml.numbering", "CT_Num.add_lvlOverride", ["self", "ilvl"]),
    ("docx.oxml.numbering", "CT_NumLvl.add_startOverride", ["self", "val"]),
    ("docx.oxml.styles", "CT_Styles.get_by_id", ["self", "styleId"]),
    ("docx.oxml.document", "CT_Body.sectPr", None),
    ("docx.oxml.coreprops", "CT_CoreProperties.created", None),
    ("docx.oxml.coreprops", "CT_CoreProperties.modified", None),
    ("docx.opc.coreprops", "CoreProperties.__init__", ["self", "element"]),
    # Figures: the image part added by python-docx, its size read from the PNG.
    ("docx.parts.story", "StoryPart.get_or_add_image", ["self", "image_descriptor"]),
    ("docx.image.image", "Image.px_width", None),
    ("docx.image.image", "Image.px_height", None),
]


@pytest.mark.parametrize(("module", "path", "parameters"), INTERNALS, ids=lambda v: str(v))
def test_each_internal_part_is_there_with_the_same_parameters(module, path, parameters):
    target = importlib.import_module(module)
    for name in path.split("."):
        # Read from the class dict where we can, so a property is checked, not evaluated.
        namespace = vars(target) if inspect.isclass(target) else {}
        assert name in namespace or hasattr(target, name), f"{UPGRADE_HINT}: {module}.{path}"
        target = namespace.get(name, getattr(target, name, None))
    if parameters is not None:
        function = target.__func__ if isinstance(target, classmethod | staticmethod) else target
        assert list(inspect.signature(function).parameters) == parameters, (
            f"{UPGRADE_HINT}: {module}.{path} now takes {inspect.signature(function)}"
        )


def test_the_fast_open_and_save_give_the_bytes_of_the_public_api():
    public = docx.Document(str(REFERENCE_DOCX))
    assert save_docx(open_reference(REFERENCE_DOCX)) == save_with_public_api(public), UPGRADE_HINT


def test_a_written_letter_reads_back_through_the_public_api():
    blocks = [
        Paragraph((Run("Første avsnitt"),)),
        ListBlock(((Run("en"),), (Run("to"),)), ordered=True),
        ListBlock(((Run("igjen"),),), ordered=True),
    ]
    meta = DocumentMeta(title="Tittel", language="nn")
    document = open_docx(render_docx(blocks, meta))
    assert [p.text for p in document.paragraphs] == ["Første avsnitt", "en", "to", "igjen"]
    assert document.core_properties.title == "Tittel"
    assert document.core_properties.created is None  # removed through the core properties part
    # Each numbered list got its own w:num, restarting at 1, in the numbering part.
    numbering = document.part.part_related_by(RT.NUMBERING).element
    restarted = [num for num in numbering.num_lst if num.lvlOverride_lst]
    assert len(restarted) == 2, UPGRADE_HINT
    assert {num.lvlOverride_lst[0].startOverride.val for num in restarted} == {1}
