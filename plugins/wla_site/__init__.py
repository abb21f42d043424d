"""The website engine of the Workplace Learning Advocates network.

Content files (case studies, events, e-shot issues, learning providers) are
loaded and validated into typed models, gathered into one `Site`, and turned
into pages, feeds, calendars and structured data. MkDocs renders the pages
through the thin plugin in `plugin.py`; nothing else here knows about MkDocs.
"""

__version__ = "0.1.0"
