"""The Textual app: screens and widgets over the core. No file or git I/O here."""
