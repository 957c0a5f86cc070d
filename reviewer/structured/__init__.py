"""Key-level changes for configuration files: ``spec.replicas: 12 → 1``."""
