"""Reminders that fall due: milestones of action plans due soon and sessions tomorrow, made as
notifications by `flask notify due`. Above mentoring and the rounds, whose dates it reads."""
