"""Read-only queries of the core registry (units, agencies) for views, the API and other apps."""
