"""Renders invoices as PDF with django-weasyprint."""
