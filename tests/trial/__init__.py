"""The trial of issue 19: what a new user hit in ten days of real use, each a test."""
