"""One screen per module; the app's router (reader/tui/app.py) maps names to them."""
