"""DinoAir's Python application: the assistant behind /api/chat."""
