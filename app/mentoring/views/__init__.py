"""The pages of mentoring and coaching, one blueprint per job."""
