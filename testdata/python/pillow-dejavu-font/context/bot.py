"""Answers /quote with the text drawn on a card."""
import io

from PIL import Image, ImageDraw, ImageFont

TITLE = ImageFont.truetype("DejaVuSans-Bold.ttf", 36)


def card(text: str) -> bytes:
    img = Image.new("RGB", (800, 200), (20, 30, 40))
    ImageDraw.Draw(img).text((20, 80), text, font=TITLE, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
