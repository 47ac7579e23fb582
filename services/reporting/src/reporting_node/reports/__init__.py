"""Monitoring reports (sprawozdania z monitoringu): one model, written as HTML, CSV and XLSX."""
