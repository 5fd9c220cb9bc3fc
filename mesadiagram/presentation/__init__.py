"""Presentation steps without Qt: the generated order, a custom order kept in step with
the document, what each step shows, the closing summary and where the camera looks."""
