"""Web pages of the citizen feedback channel under /feedback/ (thin: every write is a service)."""
