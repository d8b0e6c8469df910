"""Synthetic scanned attachments with pixel-exact ground truth (see ``generate_set``)."""

from .generate import generate_set, render_document
from .people import id_check_char, is_valid_id

__all__ = ["generate_set", "id_check_char", "is_valid_id", "render_document"]
