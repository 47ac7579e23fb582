"""The NGO's own domain: volunteering agreements."""
