"""Pure domain logic behind the actions: knowledge, search, text building, safety, exercises.

Nothing here starts a process or reads the environment; that is `service/`.
"""
