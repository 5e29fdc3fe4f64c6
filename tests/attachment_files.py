"""Small real files for the attachment tests: a PDF letter (fpdf2), a DOCX (python-docx), an
image (Pillow) and a mail carrying one of them; made in the test, never downloaded."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.policy import SMTP

DECISION_LETTER = (
    "Anyshire County Council",
    "SEND Assessment Team, County Hall, Anytown AN1 2BC",
    "Date: 3 November 2026",
    "Our ref: EHC/4471",
    "Dear Ms Reid,",
    "Request for an Education, Health and Care needs assessment for Sam Reid",
    "Thank you for your request of 15 September 2026. Having considered the evidence, we have",
    "decided not to carry out an EHC needs assessment for Sam at this time.",
    "You have the right to appeal this decision to the First-tier Tribunal (SEND).",
    "Yours sincerely,",
    "J. Smith, SEND Casework Officer",
)


def letter_pdf(lines: tuple[str, ...] = DECISION_LETTER, pages: int = 1) -> bytes:
    """A text PDF with ``lines`` on each of ``pages`` pages."""
    from fpdf import FPDF  # noqa: PLC0415 - test-only dependency

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(png: bytes) -> bytes:
    """A PDF whose one page is a picture (a scanned letter, no text layer)."""
    from fpdf import FPDF  # noqa: PLC0415

    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png), x=10, y=10, w=190)
    return bytes(pdf.output())


def letter_docx(lines: tuple[str, ...] = DECISION_LETTER) -> bytes:
    """A DOCX with one paragraph per line and a small table."""
    import docx  # noqa: PLC0415

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Child"
    table.rows[0].cells[1].text = "Sam Reid"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_png(lines: tuple[str, ...] = ("Date: 3 November 2026",
                                         "We have decided not to assess.")) -> bytes:
    """A photo-like PNG of a few lines of black text on white."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    image = Image.new("RGB", (1400, 120 + 90 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for index, line in enumerate(lines):
        draw.text((40, 60 + 90 * index), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def mail_with(data: bytes, filename: str, content_type: str, *,
              body: str = "Please see the attached letter from the council. What can I do?",
              message_id: str = "<letter.1@example.net>",
              date: str = "Fri, 06 Nov 2026 09:15:00 +0000") -> bytes:
    """A parent's email with one attached file."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Oscar Reid <oscar.reid@example.net>"
    msg["To"] = "advice@advice-line.example"
    msg["Subject"] = "Letter from the council"
    msg["Date"] = date
    msg["Message-ID"] = message_id
    msg.set_content(body)
    maintype, subtype = content_type.split("/", 1)
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
