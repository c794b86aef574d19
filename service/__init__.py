"""Process plumbing: configuration, starting servers, the chat page, deleting stored conversations."""
