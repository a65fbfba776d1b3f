"""Document templates and the reference DOCX that carries their Word styles."""

from pathlib import Path

TEMPLATE_DIR = Path(__file__).parent
REFERENCE_DOCX = TEMPLATE_DIR / "reference.docx"
# The appendices of a co-financing application: Vedlegg 1 (assumptions), Vedlegg 2 (NPV).
APPENDIX_NUMBERS = ("1", "2")
