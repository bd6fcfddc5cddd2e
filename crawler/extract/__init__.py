"""Page-to-field helpers shared by the spiders: text, URLs, contacts, salary, JobPosting."""
