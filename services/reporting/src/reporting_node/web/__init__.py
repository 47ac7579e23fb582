"""The coordinators' dashboard: pages, charts, live figures, report downloads."""
