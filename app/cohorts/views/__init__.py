"""The organiser's pages, one blueprint per job: running rounds, agenda and attendance,
rosters, dashboards and reports."""
