"""The coordinators' dashboard: pages, charts, live updates, report downloads, Polish and English."""
