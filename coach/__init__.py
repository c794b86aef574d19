"""Plain helpers behind the actions: knowledge, text building, safety, exercises, settings."""
