"""Generated data at province and national scale, to measure Madangan's pages against
(`flask bench seed`)."""
