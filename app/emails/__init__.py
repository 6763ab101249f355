"""Email: the outbox every email the app sends goes through, its SMTP sender and
`flask mail send`. Below accounts, so that they can send their own invitations and resets."""
