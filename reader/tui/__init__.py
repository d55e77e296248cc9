"""The terminal UI (Textual). Imported only when the TUI is opened; the core never imports it."""
