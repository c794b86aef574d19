"""Custom actions: thin Rasa wrappers around the helpers in `coach`."""
